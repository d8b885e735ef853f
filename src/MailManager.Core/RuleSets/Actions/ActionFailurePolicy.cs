namespace MailManager.Core.RuleSets.Actions;

/// <summary>SES <c>ActionFailurePolicy</c>: after an action fails, go on (Continue) or drop the message for its recipients (Drop).</summary>
public enum ActionFailurePolicy
{
    Continue,
    Drop,
}
