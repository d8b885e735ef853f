using MailManager.Core.RuleSets;

namespace MailManager.Core.Messages;

/// <summary>
/// One rule action carried out for a message (SES logs one record per message per action in its rule-set application logs): which rule
/// and action, for which recipients, and for a relay every attempt with the remote server's reply.
/// </summary>
public sealed class MessageAction
{
    public long Id { get; set; }
    public string MessageId { get; set; } = "";
    public int RuleIndex { get; set; }
    public string? RuleName { get; set; }
    public int ActionIndex { get; set; }
    public RuleActionType Type { get; set; }
    public string? RelayId { get; set; }
    public MailFrom? MailFrom { get; set; }
    public List<string> Recipients { get; set; } = [];
    public MessageActionStatus Status { get; set; }
    public int AttemptCount { get; set; }
    public DateTimeOffset? NextAttemptTimestamp { get; set; }
    /// <summary>After this, a temporary failure becomes permanent (the configured retry lifetime).</summary>
    public DateTimeOffset ExpiresTimestamp { get; set; }
    public List<DeliveryAttempt> Attempts { get; set; } = [];
}
