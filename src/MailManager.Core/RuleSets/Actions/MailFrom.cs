namespace MailManager.Core.RuleSets.Actions;

/// <summary>SES <c>MailFrom</c> of a relay action: keep the envelope sender or replace it.</summary>
public enum MailFrom
{
    Preserve,
    Replace,
}
