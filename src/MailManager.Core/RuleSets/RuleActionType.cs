namespace MailManager.Core.RuleSets;

/// <summary>The members of the SES <c>RuleAction</c> union implemented so far.</summary>
public enum RuleActionType
{
    /// <summary>Drop: stops processing for the recipients the rule matched.</summary>
    Drop,
    /// <summary>SMTP relay: delivers the message to a relay's server.</summary>
    Relay,
}
