namespace MailManager.Core.Conditions;

/// <summary>SES <c>IngressStringOperator</c> (and the string operators rules share).</summary>
public enum StringOperator
{
    Equals,
    NotEquals,
    StartsWith,
    EndsWith,
    Contains,
}
