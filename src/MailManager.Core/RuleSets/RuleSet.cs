using MailManager.Core.Common;
using MailManager.Core.RuleSets.Actions;

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

    public IEnumerable<string> ReferencedRelayIds => Actions.SelectMany(a => a.Kind?.RelayIds(a) ?? []).Distinct();

    public IEnumerable<string> ReferencedSecretIds => Actions.SelectMany(a => a.Kind?.SecretIds(a) ?? []).Distinct();

    public IEnumerable<string> ReferencedAddressListIds => Rules.SelectMany(r => r.Conditions.Concat(r.Unless))
        .Select(c => c.BooleanExpression?.Evaluate.IsInAddressList?.AddressListId).OfType<string>().Distinct();

    private IEnumerable<RuleAction> Actions => Rules.SelectMany(r => r.Actions);
}
