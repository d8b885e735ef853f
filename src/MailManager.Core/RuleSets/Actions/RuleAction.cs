namespace MailManager.Core.RuleSets.Actions;

/// <summary>
/// SES <c>RuleAction</c>, a union: exactly one member is set, as in the API's JSON, so storage and the SES-compatible API
/// hold the same shape. What each member does is its <see cref="RuleActionKind"/>; members without an AWS counterpart
/// here are named for what they do instead (<see cref="Webhook"/> stands for PublishToSns and InvokeLambda).
/// </summary>
public sealed class RuleAction
{
    public DropAction? Drop { get; set; }
    public RelayAction? Relay { get; set; }
    public AddHeaderAction? AddHeader { get; set; }
    public ReplaceRecipientAction? ReplaceRecipient { get; set; }
    public BounceAction? Bounce { get; set; }
    public DeliverToMailboxAction? DeliverToMailbox { get; set; }
    public WriteToS3Action? WriteToS3 { get; set; }
    public WebhookAction? Webhook { get; set; }

    /// <summary>The kind of the member that is set; null when none or several are.</summary>
    public RuleActionKind? Kind => RuleActionKinds.Of(this);

    public RuleActionType? Type => Kind?.Type;

    public static RuleAction OfDrop() => new() { Drop = new DropAction() };

    public static RuleAction OfRelay(string relayId, MailFrom mailFrom = MailFrom.Preserve, ActionFailurePolicy failure = ActionFailurePolicy.Continue) =>
        new() { Relay = new RelayAction { Relay = relayId, MailFrom = mailFrom, ActionFailurePolicy = failure } };

    /// <summary>A deep copy, through the same JSON the rule set is stored as.</summary>
    public RuleAction Clone() => RuleActionJson.Clone(this);
}
