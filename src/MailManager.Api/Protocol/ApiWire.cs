using System.Formats.Cbor;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MailManager.Api.Protocol;

/// <summary>
/// How a request's body and its answer are encoded: AWS JSON (1.0 for Mail Manager, 1.1 for Secrets Manager, the
/// content type following the service) or Smithy RPC v2 CBOR. Operations see JSON trees either way.
/// </summary>
public sealed class ApiWire
{
    public static readonly ApiWire Json = new(isCbor: false);
    public static readonly ApiWire Cbor = new(isCbor: true);

    private ApiWire(bool isCbor) => IsCbor = isCbor;

    public bool IsCbor { get; }

    /// <summary>The answer's content type, or null for the service's JSON version.</summary>
    public string? ContentType => IsCbor ? "application/cbor" : null;

    public void AddResponseHeaders(HttpResponse response)
    {
        if (IsCbor)
        {
            response.Headers["smithy-protocol"] = "rpc-v2-cbor";
        }
    }

    public JsonElement Decode(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return JsonDocument.Parse("{}").RootElement;
        }
        try
        {
            var node = IsCbor ? CborJson.Read(body) : JsonNode.Parse(body.Span);
            return node is JsonObject ? JsonSerializer.SerializeToElement(node)
                : throw new ApiException("SerializationException", 400, $"The request body must be a {(IsCbor ? "CBOR map" : "JSON object")}.");
        }
        catch (Exception e) when (e is JsonException or CborContentException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw new ApiException("SerializationException", 400, $"The request body is not valid {(IsCbor ? "CBOR" : "JSON")}.");
        }
    }

    public byte[] Encode(JsonNode body) => IsCbor ? CborJson.Write(body) : Encoding.UTF8.GetBytes(body.ToJsonString());
}

/// <summary>Which API request, if any, an HTTP request is.</summary>
public static class ApiWireRequest
{
    private const string CborPathPrefix = "/service/";

    public static (string Service, string Operation, ApiWire Wire)? Of(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }
        if (request.Headers.TryGetValue("X-Amz-Target", out var target))
        {
            var text = target.ToString();
            var dot = text.IndexOf('.');
            return dot > 0 ? (text[..dot], text[(dot + 1)..], ApiWire.Json) : (text, "", ApiWire.Json);
        }
        var path = request.Path.Value ?? "";
        if (path.StartsWith(CborPathPrefix, StringComparison.Ordinal)
            && (request.Headers.ContainsKey("smithy-protocol") || request.ContentType == "application/cbor"))
        {
            var parts = path[CborPathPrefix.Length..].Split('/');
            if (parts.Length == 3 && parts[1] == "operation")
            {
                // The service may be named by its shape ID (com.amazonaws.mailmanager#MailManagerSvc) or its name.
                var service = parts[0].Contains('#') ? parts[0][(parts[0].IndexOf('#') + 1)..] : parts[0];
                return (service, parts[2], ApiWire.Cbor);
            }
        }
        return null;
    }
}
