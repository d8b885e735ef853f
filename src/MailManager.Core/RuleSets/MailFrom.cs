namespace MailManager.Core.RuleSets;

/// <summary>SES <c>MailFrom</c> of a relay action: keep the envelope sender or replace it.</summary>
public enum MailFrom
{
    Preserve,
    Replace,
}
