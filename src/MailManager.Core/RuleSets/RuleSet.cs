using MailManager.Core.Common;

namespace MailManager.Core.RuleSets;

/// <summary>
/// A rule set (SES <c>RuleSet</c>): ordered rules evaluated for every envelope recipient;
/// every rule that applies runs its actions in order.
/// </summary>
public sealed class RuleSet : IHasTimestamps
{
    public string RuleSetId { get; set; } = "";
    public string RuleSetName { get; set; } = "";
    public List<Rule> Rules { get; set; } = [];
    public DateTimeOffset CreatedTimestamp { get; set; }
    public DateTimeOffset LastModifiedTimestamp { get; set; }

    public IEnumerable<string> ReferencedRelayIds =>
        Rules.SelectMany(r => r.Actions).Where(a => a.RelayId is not null).Select(a => a.RelayId!).Distinct();
}
