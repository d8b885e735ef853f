namespace MailManager.Smtp.Internal;

/// <summary>What <see cref="SmtpChannel.ReadLineAsync"/> found.</summary>
internal enum SmtpLineStatus
{
    /// <summary>A complete line.</summary>
    Line,

    /// <summary>A line longer than allowed; it was skipped up to its end.</summary>
    TooLong,

    /// <summary>The client closed the connection.</summary>
    Closed,
}
