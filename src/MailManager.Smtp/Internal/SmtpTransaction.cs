namespace MailManager.Smtp.Internal;

/// <summary>The mail transaction in progress: from MAIL FROM until the end of DATA, RSET, EHLO or STARTTLS.</summary>
internal sealed class SmtpTransaction(string mailFrom, SmtpBodyType bodyType, bool smtpUtf8)
{
    public string MailFrom { get; } = mailFrom;

    public SmtpBodyType BodyType { get; } = bodyType;

    public bool SmtpUtf8 { get; } = smtpUtf8;

    public List<string> Recipients { get; } = [];

    /// <summary>RCPT commands of this transaction that were refused (syntax, limits, the host's recipient check).</summary>
    public int RefusedRecipients { get; set; }
}
