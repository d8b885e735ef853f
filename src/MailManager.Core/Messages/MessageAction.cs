using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;

namespace MailManager.Core.Messages;

/// <summary>
/// One rule action carried out for a message (SES logs one record per message per action in its rule-set application
/// logs): which rule and action, for which recipients, and for an action that runs outside every attempt with its reply.
/// </summary>
public sealed class MessageAction
{
    public long Id { get; set; }
    public string MessageId { get; set; } = "";
    public int RuleIndex { get; set; }
    public string? RuleName { get; set; }
    public int ActionIndex { get; set; }
    public RuleActionType Type { get; set; }

    /// <summary>The action as the rule set said when the message was planned; null for the gateway's own notices.</summary>
    public RuleAction? Definition { get; set; }

    /// <summary>The envelope recipients it acts on (as rewritten, when a ReplaceRecipient came before).</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>For rewritten recipients, the envelope recipients each stands for; null when none was rewritten.</summary>
    public Dictionary<string, List<string>>? Origins { get; set; }

    /// <summary>Headers added by earlier AddHeader actions, put on the message it sends or writes.</summary>
    public List<AddedHeader> AddedHeaders { get; set; } = [];

    public MessageActionStatus Status { get; set; }
    public int AttemptCount { get; set; }
    public DateTimeOffset? NextAttemptTimestamp { get; set; }
    /// <summary>After this, a temporary failure becomes permanent (the configured retry lifetime).</summary>
    public DateTimeOffset ExpiresTimestamp { get; set; }
    public List<DeliveryAttempt> Attempts { get; set; } = [];

    /// <summary>The kind of action; null for the gateway's own notices.</summary>
    public RuleActionKind? Kind => RuleActionKinds.IsRuleAction(Type) ? RuleActionKinds.For(Type) : null;

    public bool IsOpen => Status is MessageActionStatus.Waiting or MessageActionStatus.Pending or MessageActionStatus.InProgress or MessageActionStatus.Retrying;

    /// <summary>The envelope recipients this action stands for.</summary>
    public IEnumerable<string> EnvelopeRecipients =>
        Origins is null ? Recipients : Recipients.SelectMany(r => Origins.TryGetValue(r, out var o) ? o : [r]);

    public bool Concerns(string envelopeRecipient) => EnvelopeRecipients.Contains(envelopeRecipient, StringComparer.OrdinalIgnoreCase);

    /// <summary>Where it stands in the plan: by rule, then by action.</summary>
    public (int Rule, int Action) Position => (RuleIndex, ActionIndex);
}
