namespace MailManager.Smtp;

/// <summary>
/// Decides one RCPT TO (for instance the endpoint's traffic policy). Returns null to accept (250 2.1.5), or the
/// reply to refuse with, such as <c>new SmtpReply(550, "5.7.1", "Recipient rejected by policy")</c>.
/// Throwing makes the engine answer 451 4.3.0.
/// </summary>
/// <param name="session">The live session (HELO name, TLS, authentication).</param>
/// <param name="mailFrom">The envelope sender; empty for the null sender &lt;&gt;.</param>
/// <param name="recipient">The recipient address without angle brackets.</param>
/// <param name="cancellationToken">Cancelled when the session is aborted.</param>
public delegate ValueTask<SmtpReply?> SmtpRecipientCheck(SmtpSessionInfo session, string mailFrom, string recipient, CancellationToken cancellationToken);
