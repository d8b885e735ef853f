namespace MailManager.Core.RuleSets;

/// <summary>
/// One action of a rule. The SES union is flattened: <see cref="Type"/> says which member it is
/// and only that member's fields are set (the validator enforces it).
/// </summary>
public sealed class RuleAction
{
    public RuleActionType Type { get; set; }
    /// <summary>Relay: the relay to deliver through.</summary>
    public string? RelayId { get; set; }
    /// <summary>Relay: keep or replace the envelope sender.</summary>
    public MailFrom? MailFrom { get; set; }

    public static RuleAction Drop() => new() { Type = RuleActionType.Drop };

    public static RuleAction Relay(string relayId, MailFrom mailFrom = RuleSets.MailFrom.Preserve) =>
        new() { Type = RuleActionType.Relay, RelayId = relayId, MailFrom = mailFrom };
}
