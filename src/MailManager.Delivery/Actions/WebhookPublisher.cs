using MailManager.Core.RuleSets.Actions;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using MailManager.Core.Messages;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Actions;

/// <summary>
/// "Webhook", our counterpart of SES's PublishToSns and InvokeLambda: POSTs a JSON payload shaped like SES's
/// receipt notification to a URL, signed with HMAC-SHA256 when a key is given (see the project README for the
/// scheme and how to verify it). It makes one attempt and says how it ended; retrying with backoff is the
/// processor's. Redirects are not followed and no cookies are kept (the named client's handler is built by
/// <see cref="CreateHandler"/>).
/// </summary>
public sealed class WebhookPublisher
{
    /// <summary>The named <see cref="HttpClient"/> this publisher uses (registered by <see cref="ActionServiceCollectionExtensions"/>).</summary>
    public const string HttpClientName = "MailManager.Webhook";

    public const string TimestampHeader = "X-MailManager-Timestamp";
    public const string SignatureHeader = "X-MailManager-Signature";

    /// <summary>The longest URL accepted; servers commonly refuse longer request lines.</summary>
    public const int MaxUrlLength = 2048;

    private const int MaxReasonLength = 200;

    private readonly IHttpClientFactory _clients;
    private readonly IOptions<ActionOptions> _options;
    private readonly TimeProvider _time;

    public WebhookPublisher(IHttpClientFactory clients, IOptions<ActionOptions> options, TimeProvider time)
    {
        _clients = clients;
        _options = options;
        _time = time;
    }

    /// <summary>
    /// Why this text is not a webhook URL we POST to, or null when it is: an absolute https URL with a host (http
    /// only when <paramref name="allowInsecure"/>), at most <see cref="MaxUrlLength"/> characters, without a user
    /// name or password (credentials belong in the signing secret, not in a URL that is shown and logged).
    /// </summary>
    public static string? CheckUrl(string? url, bool allowInsecure)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "Enter the webhook URL.";
        }
        if (url.Length > MaxUrlLength)
        {
            return $"The URL must be at most {MaxUrlLength} characters.";
        }
        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "The URL cannot contain spaces or control characters.";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "Enter an absolute URL such as https://hooks.example.com/mail.";
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !allowInsecure)
        {
            return $"The URL must use https (http only when {ActionOptions.SectionName}:{nameof(ActionOptions.AllowInsecureWebhooks)} is true).";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "The URL cannot contain a user name or password; use a signing secret.";
        }
        return null;
    }

    /// <summary>
    /// The primary handler of the named client: no redirects, no cookies, no decompression, connections renewed
    /// every two minutes so DNS changes are seen. Certificates are validated as usual.
    /// </summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };

    /// <summary>
    /// Makes one POST. Never throws for what the endpoint or the network did; throws
    /// <see cref="OperationCanceledException"/> only when <paramref name="ct"/> is cancelled.
    /// </summary>
    public async Task<WebhookResult> PublishAsync(WebhookRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = _options.Value;
        if (CheckUrl(request.Url, options.AllowInsecureWebhooks) is { } urlError)
        {
            return new WebhookResult(DeliveryOutcome.PermanentFailure, urlError, null);
        }
        var uri = new Uri(request.Url);
        // Host and port only: the path or query may carry a token that has no place in the message log.
        var target = $"{uri.Host}:{uri.Port}";

        byte[]? content = null;
        if (request.PayloadType == WebhookPayloadType.Content)
        {
            content = await ReadContentAsync(request.Content, options.WebhookMaxContentBytes, ct);
            if (content is null)
            {
                var size = request.Content.CanSeek ? $"{request.Content.Length} bytes" : "more bytes";
                return new WebhookResult(DeliveryOutcome.PermanentFailure,
                    $"The message ({size}) is over the webhook content limit of {options.WebhookMaxContentBytes} bytes " +
                    $"({ActionOptions.SectionName}:{nameof(ActionOptions.WebhookMaxContentBytes)}); nothing was sent. " +
                    "Payload type Headers sends the headers alone.", null);
            }
        }

        var body = WebhookPayload.Build(request, content, _time.GetUtcNow());
        using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        message.Headers.TryAddWithoutValidation(TimestampHeader, timestamp);
        if (request.SigningKey is { } key)
        {
            message.Headers.TryAddWithoutValidation(SignatureHeader, "sha256=" + Sign(key, timestamp, body));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.WebhookTimeout);
        var client = _clients.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return await ClassifyAsync(response, target, timeout.Token);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return Temporary($"{target} did not answer within {options.WebhookTimeout.TotalSeconds:0.###} seconds");
        }
        catch (HttpRequestException ex)
        {
            return Temporary(ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => $"The server name {uri.Host} could not be resolved",
                HttpRequestError.SecureConnectionError => $"TLS handshake with {target} failed: {Innermost(ex)}",
                HttpRequestError.ConnectionError => $"Could not connect to {target}: {Innermost(ex)}",
                _ => $"POST to {target} failed: {Innermost(ex)}",
            });
        }
        catch (IOException ex)
        {
            return Temporary($"Connection to {target} failed: {OneLine(ex.Message)}");
        }
    }

    /// <summary>The signature's hex digest: lowercase hex of HMAC-SHA256(key, timestamp + "." + body).</summary>
    public static string Sign(byte[] key, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>The message from its start, or null when it is longer than <paramref name="max"/> bytes.</summary>
    private static async Task<byte[]?> ReadContentAsync(Stream content, long max, CancellationToken ct)
    {
        if (content.CanSeek)
        {
            if (content.Length > max)
            {
                return null;
            }
            content.Position = 0;
            var bytes = new byte[content.Length];
            await content.ReadExactlyAsync(bytes, ct);
            return bytes;
        }
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            if (copy.Length + read > max)
            {
                return null;
            }
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }

    private static async Task<WebhookResult> ClassifyAsync(HttpResponseMessage response, string target, CancellationToken ct)
    {
        var code = (int)response.StatusCode;
        var status = $"HTTP {code} {response.ReasonPhrase}".TrimEnd();
        if (code is >= 200 and < 300)
        {
            return new WebhookResult(DeliveryOutcome.Delivered, $"{status} from {target}", code);
        }
        if (code is >= 300 and < 400)
        {
            // Not followed: the signed payload goes only where it was configured to go, and the same POST would
            // get the same redirect on every retry. The administrator points the action at the new URL.
            var location = response.Headers.Location is { } to ? $" to {WithoutQuery(to)}" : string.Empty;
            return new WebhookResult(DeliveryOutcome.PermanentFailure,
                $"{status} from {target}: redirect{location} not followed; set the action's URL to the final address", code);
        }
        var reason = await ReadReasonAsync(response, ct);
        var reply = reason.Length > 0 ? $"{status} from {target}: {reason}" : $"{status} from {target}";
        // 408 and 429 ask to come back later; 5xx is the server's trouble. Other 4xx will not change on a retry.
        var outcome = code is 408 or 429 || code >= 500 || code < 200 ? DeliveryOutcome.TemporaryFailure : DeliveryOutcome.PermanentFailure;
        return new WebhookResult(outcome, reply, code);
    }

    /// <summary>The start of the answer's body as one short line (a framework's error text), or empty.</summary>
    private static async Task<string> ReadReasonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[MaxReasonLength * 2];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
            }
            var text = OneLine(Encoding.UTF8.GetString(buffer, 0, length));
            return text.Length > MaxReasonLength ? text[..MaxReasonLength] + "…" : text;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            // The status line is the reply; a body that does not come is no reason to change the outcome.
            return string.Empty;
        }
    }

    private static WebhookResult Temporary(string reply) => new(DeliveryOutcome.TemporaryFailure, reply, null);

    private static string WithoutQuery(Uri location) =>
        location.IsAbsoluteUri ? location.GetLeftPart(UriPartial.Path) : location.OriginalString.Split('?')[0];

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }
        return OneLine(ex.Message);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
