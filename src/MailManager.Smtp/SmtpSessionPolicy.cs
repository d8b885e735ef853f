namespace MailManager.Smtp;

/// <summary>
/// Per-session decisions the host returns from <see cref="ISmtpEndpointHandler.OpenSessionAsync"/>. Taken once per
/// connection, so a changed endpoint configuration applies to the next session.
/// </summary>
public sealed class SmtpSessionPolicy
{
    /// <summary>A policy that accepts every recipient with the server's default size limit.</summary>
    public static SmtpSessionPolicy AcceptAll { get; } = new();

    /// <summary>Largest message (dot-unstuffed body, without the added <c>Received:</c> header) in bytes; null uses <see cref="SmtpServerOptions.DefaultMaxMessageSizeBytes"/>.</summary>
    public long? MaxMessageSizeBytes { get; init; }

    /// <summary>Called for each RCPT TO; null accepts every syntactically valid recipient.</summary>
    public SmtpRecipientCheck? CheckRecipient { get; init; }

    /// <summary>When set, sent instead of the greeting (e.g. <c>554 5.7.1</c> for a denied client address) and the connection is closed.</summary>
    public SmtpReply? RejectConnection { get; init; }

    /// <summary>
    /// Called once when the session's connection is gone, however it ended (a refused connection included), after
    /// the last reply. Runs on the session's task: it must not block or wait on I/O (hand the summary off instead).
    /// Exceptions are logged and ignored.
    /// </summary>
    public Action<SmtpSessionSummary>? SessionClosed { get; init; }
}
