namespace MailManager.Smtp;

/// <summary>Whether an endpoint takes mail over a connection that never issued STARTTLS.</summary>
public enum SmtpTlsPolicy
{
    /// <summary>STARTTLS is offered (when a certificate is present) but not required.</summary>
    Optional,

    /// <summary>MAIL is refused with 530 5.7.0 until the client has issued STARTTLS.</summary>
    Required,
}
