using MailManager.Core.RuleSets.Actions;
namespace MailManager.Delivery.Actions;

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
