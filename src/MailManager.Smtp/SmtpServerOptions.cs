namespace MailManager.Smtp;

/// <summary>
/// Server-wide settings of the SMTP engine, bound from the configuration section <see cref="SectionName"/>.
/// Per-endpoint settings (address, auth mode, TLS policy, certificate) travel in <see cref="SmtpEndpoint"/>;
/// per-session settings (message size, recipient checks) come from <see cref="ISmtpEndpointHandler.OpenSessionAsync"/>.
/// </summary>
public sealed class SmtpServerOptions
{
    /// <summary>The configuration section the host binds these options from.</summary>
    public const string SectionName = "MailManager:Smtp";

    /// <summary>40 MiB: the largest message Amazon SES Mail Manager accepts.</summary>
    public const long SesMaxMessageSizeBytes = 40L * 1024 * 1024;

    /// <summary>Host name announced in the greeting, the EHLO reply and the <c>Received:</c> header.</summary>
    public string ServerName { get; set; } = "localhost";

    /// <summary>
    /// Whether AUTH is offered and accepted before STARTTLS. Off by default because it sends the
    /// endpoint password in clear text; meant for tests and trusted networks only.
    /// </summary>
    public bool AllowPlaintextAuth { get; set; }

    /// <summary>How long the server waits for each client read (a command, an AUTH answer, a DATA chunk) before replying 421 4.4.2.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound of one connection's lifetime, after which the server replies 421 4.4.2 and closes.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long stopping a listener waits for sessions still inside DATA to finish their message before
    /// aborting them. Kept below the generic host's default 30 s shutdown timeout.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Concurrent sessions allowed on one endpoint; further connections get 421 4.7.0 and are closed.</summary>
    public int MaxConnectionsPerEndpoint { get; set; } = 200;

    /// <summary>Concurrent sessions allowed from one client IP across all endpoints of a <see cref="SmtpListenerManager"/>.</summary>
    public int MaxConnectionsPerClientIp { get; set; } = 50;

    /// <summary>Failed AUTH attempts per session; the attempt that reaches this number gets 421 4.7.0 and the connection is closed.</summary>
    public int MaxFailedAuthAttempts { get; set; } = 3;

    /// <summary>Accepted recipients per message; the next RCPT gets 452 4.5.3 (RFC 5321 asks servers to take at least 100).</summary>
    public int MaxRecipients { get; set; } = 100;

    /// <summary>
    /// Longest command line, in octets including CRLF; longer lines get 500 5.5.6. The default 1000 is the RFC 5321
    /// text-line limit rather than its 512-octet command-line minimum, so that long SMTPUTF8 addresses and
    /// AUTH PLAIN initial responses fit.
    /// </summary>
    public int MaxLineLength { get; set; } = 1000;

    /// <summary>
    /// Longest line inside DATA, in octets including CRLF; a message with a longer line is read to its end and
    /// refused with 500 5.5.2. 0 (the default) means no limit: real-world mail often breaks RFC 5322's 998-octet
    /// rule and the body is streamed, so a long line costs no memory. Otherwise at least 1000.
    /// </summary>
    public int MaxDataLineLength { get; set; }

    /// <summary>Message size limit used when the session policy names none; advertised in EHLO as SIZE.</summary>
    public long DefaultMaxMessageSizeBytes { get; set; } = SesMaxMessageSizeBytes;

    /// <summary>Optional PFX file holding the server certificate; when unset, <see cref="SmtpCertificates.LoadConfigured"/> makes a self-signed one.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of <see cref="CertificatePath"/>, if it has one.</summary>
    public string? CertificatePassword { get; set; }
}
