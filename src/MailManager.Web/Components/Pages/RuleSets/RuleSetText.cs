using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;

namespace MailManager.Web.Components.Pages.RuleSets;

internal static class RuleSetText
{
    /// <summary>The action types the editor offers, in the order of its list: every rule action (not the gateway's own notices).</summary>
    public static readonly IReadOnlyList<RuleActionType?> OfferedActions =
        [.. Enum.GetValues<RuleActionType>().Where(RuleActionKinds.IsRuleAction).Select(t => (RuleActionType?)t)];

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

    public static string Encoding(WebhookEncoding encoding) => encoding == WebhookEncoding.Base64 ? "Base64" : "UTF-8";

    public static string Payload(WebhookPayloadType payload) => payload == WebhookPayloadType.Headers ? "Headers only" : "Content";

    /// <summary>An action without a link as a sentence, e.g. "Add header X-Routed: gmail".</summary>
    public static string Sentence(RuleAction action, Func<string, string> secretName)
    {
        if (action.AddHeader is { } header)
        {
            return $"Add header {header.HeaderName}: {header.HeaderValue}";
        }
        if (action.ReplaceRecipient is { } rewrite)
        {
            return $"Rewrite recipients to {string.Join(", ", rewrite.ReplaceWith)}";
        }
        if (action.DeliverToMailbox is { } mailbox)
        {
            return $"Deliver to mailbox by LMTP at {mailbox.Server}{OnFailure(mailbox.ActionFailurePolicy)}";
        }
        if (action.WriteToS3 is { } folder)
        {
            var path = string.IsNullOrEmpty(folder.S3Prefix) ? folder.S3Bucket : $"{folder.S3Bucket}/{folder.S3Prefix}";
            return $"Write to folder {path}{OnFailure(folder.ActionFailurePolicy)}";
        }
        if (action.Webhook is { } hook)
        {
            var signed = hook.SecretId is { } secret ? $", signed with {secretName(secret)}" : ", unsigned";
            var retry = hook.RetryTimeMinutes is > 0 and var minutes ? $", retried for {minutes} minutes" : "";
            return $"Webhook to {hook.Url} ({Payload(hook.PayloadType)}, {Encoding(hook.Encoding)}{signed}{retry}){OnFailure(hook.ActionFailurePolicy)}";
        }
        return ActionName(action.Type);
    }

    /// <summary>Said only when it is not the default: "; on failure: Drop".</summary>
    public static string OnFailure(ActionFailurePolicy policy) => policy == ActionFailurePolicy.Drop ? "; on failure: Drop" : "";

    public static string RuleName(Rule rule) => string.IsNullOrEmpty(rule.Name) ? "No name" : rule.Name;
}
