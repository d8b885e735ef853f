using MailManager.Core.Common;

namespace MailManager.Core.RuleSets;

/// <summary>
/// A check on a rule set that depends on how the gateway is configured, contributed by whoever carries the actions out
/// (a webhook's URL against what the transport accepts), so that a rule set its transports would refuse is refused
/// when it is saved, at the field, and never stored to fail later.
/// </summary>
public interface IRuleSetCheck
{
    void Check(RuleSetDraft draft, ValidationErrors errors);
}
