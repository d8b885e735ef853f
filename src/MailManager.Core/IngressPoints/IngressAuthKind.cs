namespace MailManager.Core.IngressPoints;

/// <summary>How an Authenticated endpoint checks its password: SES <c>SmtpPassword</c> or <c>SecretArn</c>.</summary>
public enum IngressAuthKind
{
    SmtpPassword,
    Secret,
}
