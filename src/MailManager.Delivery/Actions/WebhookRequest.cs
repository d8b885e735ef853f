namespace MailManager.Delivery.Actions;

/// <summary>How the message content is carried in the payload's <c>content</c> field (SNS's Encoding).</summary>
public enum WebhookEncoding
{
    /// <summary>The raw message as UTF-8 text (bytes that are not valid UTF-8 become U+FFFD), SES's <c>UTF-8</c>.</summary>
    Utf8,

    /// <summary>The raw message's exact bytes in Base64, SES's <c>BASE64</c>.</summary>
    Base64,
}

/// <summary>What the payload carries (SNS's PayloadType).</summary>
public enum WebhookPayloadType
{
    /// <summary>The whole message in <c>content</c>, with up to 20 KB of headers in <c>mail.headers</c>.</summary>
    Content,

    /// <summary>Up to 100 KB of headers in <c>mail.headers</c>, and no <c>content</c>.</summary>
    Headers,
}

/// <summary>One webhook POST to make.</summary>
/// <param name="Url">The endpoint: https, or http only when <c>MailManager:Actions:AllowInsecureWebhooks</c> is true.</param>
/// <param name="SigningKey">The HMAC-SHA256 key (the secret's bytes), or null to send unsigned.</param>
/// <param name="HeaderBlock">The message's header block as text (CRLF between lines), as stored for the message log.</param>
/// <param name="Content">The full raw message; seekable, read from its start.</param>
public sealed record WebhookRequest(
    string Url,
    byte[]? SigningKey,
    WebhookEncoding Encoding,
    WebhookPayloadType PayloadType,
    ActionMessage Message,
    string HeaderBlock,
    Stream Content);
