namespace MailManager.Core.IngressPoints;

/// <summary>SES <c>TlsPolicy</c> (FIPS has no meaning here): whether STARTTLS is required before MAIL.</summary>
public enum TlsPolicy
{
    Optional,
    Required,
}
