namespace MailManager.Delivery.Relays;

/// <summary>
/// What a "Test connection" found: whether every step worked, a one-line summary (the server's
/// reply or the precise error), and the SMTP transcript with any AUTH secret redacted.
/// </summary>
public sealed record RelayConnectionTestResult(bool Succeeded, string Summary, string Transcript);
