using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MailManager.Testing;

/// <summary>What an AWS JSON operation answered: the HTTP status and the body (an error's <c>__type</c> and <c>message</c>).</summary>
public sealed record AwsJsonReply(int Status, JsonNode? Body)
{
    public string? ErrorType => Body?["__type"]?.GetValue<string>();

    public string? Message => Body?["message"]?.GetValue<string>();

    public JsonNode Ok => Status == 200 ? Body! : throw new InvalidOperationException($"Expected 200, got {Status} {ErrorType}: {Message}");

    public override string ToString() => $"{Status} {Body?.ToJsonString()}";
}

/// <summary>
/// A client for the gateway's SES Mail Manager and Secrets Manager APIs as the AWS SDKs call them: awsJson 1.0/1.1,
/// <c>X-Amz-Target</c>, signed with Signature Version 4 (written here from AWS's published description, for C# tests;
/// the official SDK's own signing is exercised by the Node.js end-to-end test).
/// </summary>
public sealed class AwsJsonClient(HttpClient http, string accessKeyId, string secretAccessKey, string region = "us-east-1")
{
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    public Task<AwsJsonReply> MailManagerAsync(string operation, object? request = null, CancellationToken ct = default) =>
        SendAsync("MailManagerSvc." + operation, "application/x-amz-json-1.0", "ses", request, ct);

    public Task<AwsJsonReply> SecretsManagerAsync(string operation, object? request = null, CancellationToken ct = default) =>
        SendAsync("secretsmanager." + operation, "application/x-amz-json-1.1", "secretsmanager", request, ct);

    public async Task<AwsJsonReply> SendAsync(string target, string contentType, string service, object? request, CancellationToken ct)
    {
        var body = request switch
        {
            null => "{}",
            string json => json,
            JsonNode node => node.ToJsonString(),
            _ => JsonSerializer.Serialize(request),
        };
        using var message = Sign(target, contentType, service, Encoding.UTF8.GetBytes(body));
        using var response = await http.SendAsync(message, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return new AwsJsonReply((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>
    /// A request as a client on the Smithy RPC v2 CBOR protocol sends it: <c>POST /service/{service}/operation/{op}</c>,
    /// <c>smithy-protocol: rpc-v2-cbor</c>, the body in CBOR. The reply's CBOR body is returned as it is.
    /// </summary>
    public async Task<(int Status, byte[] Body, string? ContentType)> SendCborAsync(string service, string operation, byte[] cbor, CancellationToken ct = default)
    {
        using var message = Sign(null, "application/cbor", "ses", cbor, $"/service/{service}/operation/{operation}");
        message.Headers.TryAddWithoutValidation("smithy-protocol", "rpc-v2-cbor");
        using var response = await http.SendAsync(message, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(ct), response.Content.Headers.ContentType?.MediaType);
    }

    public HttpRequestMessage Sign(string? target, string contentType, string service, byte[] body, string path = "/")
    {
        var now = Clock().UtcDateTime;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var host = http.BaseAddress!.Authority;
        var payloadHash = Hex(SHA256.HashData(body));
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = contentType,
            ["host"] = host,
            ["x-amz-date"] = amzDate,
        };
        if (target is not null)
        {
            headers["x-amz-target"] = target;
        }
        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = $"POST\n{path}\n\n{string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n"))}\n{signedHeaders}\n{payloadHash}";
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        message.Headers.Host = host;
        message.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (target is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }
        message.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        return message;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
