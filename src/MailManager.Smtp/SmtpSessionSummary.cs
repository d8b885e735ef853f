namespace MailManager.Smtp;

/// <summary>
/// What happened in one SMTP session, handed to <see cref="SmtpSessionPolicy.SessionClosed"/> once the connection is
/// gone, however it ended (QUIT, the client vanishing, a timeout, a refused connection). The engine gives facts only;
/// what the host records of them is its own business.
/// </summary>
public sealed class SmtpSessionSummary
{
    /// <summary>The session's facts as they were at the end (HELO, TLS after STARTTLS, the authenticated user).</summary>
    public required SmtpSessionInfo Session { get; init; }

    /// <summary>When the connection was closed.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>How the session ended.</summary>
    public required SmtpSessionEnd End { get; init; }

    /// <summary>AUTH attempts refused with 535 (or the 421 of the last allowed attempt).</summary>
    public int FailedAuthAttempts { get; init; }

    /// <summary>Messages answered <c>250</c> after DATA.</summary>
    public int MessagesAccepted { get; init; }

    /// <summary>Messages whose DATA was refused after it was read (size limit, bare line endings, local errors).</summary>
    public IReadOnlyList<SmtpRefusedMessage> RefusedMessages { get; init; } = [];
}

/// <summary>How an SMTP session ended.</summary>
public enum SmtpSessionEnd
{
    /// <summary>The client sent QUIT.</summary>
    Quit,

    /// <summary>The client closed or lost the connection without QUIT (also mid-message).</summary>
    ClientDisconnected,

    /// <summary>The host turned the client away before the greeting (<see cref="SmtpSessionPolicy.RejectConnection"/>).</summary>
    ConnectionRefused,

    /// <summary>The host's session callback failed; the client was answered 421.</summary>
    HandlerFailed,

    /// <summary>The command or session time limit passed.</summary>
    Timeout,

    /// <summary>The listener was stopping.</summary>
    ShuttingDown,

    /// <summary>Too many failed AUTH attempts.</summary>
    TooManyFailedAuthentications,

    /// <summary>The STARTTLS handshake failed.</summary>
    TlsHandshakeFailed,

    /// <summary>The engine failed unexpectedly.</summary>
    Failed,
}

/// <summary>A message refused at the end of DATA.</summary>
/// <param name="MailFrom">The envelope sender; empty for the null sender.</param>
/// <param name="Recipients">The accepted recipients of the transaction.</param>
/// <param name="Reason">Why it was refused.</param>
/// <param name="MaxSizeBytes">The session's size limit.</param>
/// <param name="ReceivedBytes">Body bytes the client sent (counted on past the limit).</param>
/// <param name="RefusedAt">When the refusal was answered.</param>
public sealed record SmtpRefusedMessage(
    string MailFrom, IReadOnlyList<string> Recipients, SmtpMessageRefusal Reason, long MaxSizeBytes, long ReceivedBytes, DateTimeOffset RefusedAt);

/// <summary>Why DATA was refused.</summary>
public enum SmtpMessageRefusal
{
    /// <summary>552 5.3.4: larger than the session's limit.</summary>
    SizeExceeded,

    /// <summary>550 5.6.0: bare CR or LF.</summary>
    BareLineEnding,

    /// <summary>500 5.5.2: a line over the limit.</summary>
    LineTooLong,

    /// <summary>451 4.3.0: the host's sink failed.</summary>
    LocalError,
}
