namespace MailManager.Smtp;

/// <summary>The BODY parameter of MAIL FROM (RFC 6152).</summary>
public enum SmtpBodyType
{
    /// <summary>The client sent no BODY parameter.</summary>
    Unspecified,

    /// <summary>BODY=7BIT.</summary>
    SevenBit,

    /// <summary>BODY=8BITMIME.</summary>
    EightBitMime,
}
