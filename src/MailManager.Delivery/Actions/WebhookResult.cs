using MailManager.Core.Messages;

namespace MailManager.Delivery.Actions;

/// <summary>
/// How one webhook POST ended: Delivered (2xx), TemporaryFailure (408, 429, 5xx, timeouts, connection and TLS
/// errors: retry with backoff) or PermanentFailure (other 3xx/4xx, an invalid URL, content over the cap).
/// <paramref name="Reply"/> is one line for the message log (status code and a short reason; never the key).
/// <paramref name="StatusCode"/> is the HTTP status when the server answered.
/// </summary>
public sealed record WebhookResult(DeliveryOutcome Outcome, string Reply, int? StatusCode);
