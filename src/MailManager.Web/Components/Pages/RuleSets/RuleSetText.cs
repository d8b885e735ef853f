using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;

namespace MailManager.Web.Components.Pages.RuleSets;

internal static class RuleSetText
{
    /// <summary>The action types the editor offers, in the order of its list.</summary>
    public static readonly IReadOnlyList<RuleActionType> OfferedActions = [RuleActionType.Drop, RuleActionType.Relay];

    /// <summary>The SES console's names for the action types.</summary>
    public static string ActionName(RuleActionType? type) => type switch
    {
        RuleActionType.Drop => "Drop",
        RuleActionType.Relay => "SMTP relay",
        RuleActionType.AddHeader => "Add header",
        RuleActionType.ReplaceRecipient => "Email recipients rewrite",
        RuleActionType.Bounce => "Bounce",
        RuleActionType.DeliverToMailbox => "Deliver to mailbox",
        RuleActionType.WriteToS3 => "Write to folder",
        RuleActionType.Webhook => "Webhook",
        RuleActionType.DeliveryStatusNotification => "Notice to sender",
        null => "No action chosen",
        _ => type.ToString()!,
    };

    /// <summary>A new action of a type, with SES's defaults.</summary>
    public static RuleAction NewAction(RuleActionType type) => type switch
    {
        RuleActionType.Drop => RuleAction.OfDrop(),
        RuleActionType.Relay => new RuleAction { Relay = new RelayAction() },
        RuleActionType.AddHeader => new RuleAction { AddHeader = new AddHeaderAction() },
        RuleActionType.ReplaceRecipient => new RuleAction { ReplaceRecipient = new ReplaceRecipientAction { ReplaceWith = [""] } },
        RuleActionType.Bounce => new RuleAction { Bounce = new BounceAction { StatusCode = "5.1.1", SmtpReplyCode = "550" } },
        RuleActionType.DeliverToMailbox => new RuleAction { DeliverToMailbox = new DeliverToMailboxAction() },
        RuleActionType.WriteToS3 => new RuleAction { WriteToS3 = new WriteToS3Action() },
        RuleActionType.Webhook => new RuleAction { Webhook = new WebhookAction() },
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a rule action."),
    };

    public static string RuleName(Rule rule) => string.IsNullOrEmpty(rule.Name) ? "No name" : rule.Name;
}
