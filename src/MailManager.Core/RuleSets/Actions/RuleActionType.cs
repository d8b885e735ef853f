namespace MailManager.Core.RuleSets.Actions;

/// <summary>
/// The name of each action kind, as the message log stores it. What a kind means is its <see cref="RuleActionKind"/>,
/// never a switch on this value.
/// </summary>
public enum RuleActionType
{
    Drop,
    Relay,
    AddHeader,
    ReplaceRecipient,
    Bounce,
    DeliverToMailbox,
    WriteToS3,
    Webhook,
    /// <summary>Not a rule action: the gateway's own notice to the sender of a message that failed for good (RFC 5321 §6.1).</summary>
    DeliveryStatusNotification,
}
