using MailManager.Core.Conditions;
using MailManager.Core.RuleSets.Actions;
using MailManager.Core.RuleSets.Conditions;

namespace MailManager.Core.RuleSets;

/// <summary>
/// A rule set with its conditions compiled (<see cref="CompiledRuleConditions"/>), once per configuration change and
/// shared by every message meanwhile.
/// </summary>
public sealed class CompiledRuleSet
{
    private readonly CompiledRuleConditions? _conditions;
    private readonly RuleActionKind[][] _kinds;

    private CompiledRuleSet(RuleSet ruleSet, CompiledRuleConditions? conditions)
    {
        RuleSet = ruleSet;
        _conditions = conditions;
        _kinds = RuleSetEvaluator.KindsOf(ruleSet);
    }

    public RuleSet RuleSet { get; }

    /// <summary>Whether any rule has a condition or an exception: only then are a message's facts needed.</summary>
    public bool NeedsFacts => _conditions is not null;

    /// <param name="addressList">An address list's members by ID; an unknown one fails the compilation.</param>
    public static CompiledRuleSet Compile(RuleSet ruleSet, Func<string, AddressListMatcher?> addressList)
    {
        var hasConditions = ruleSet.Rules.Any(r => r.Conditions.Count > 0 || r.Unless.Count > 0);
        var conditions = hasConditions
            ? CompiledRuleConditions.Compile(ruleSet.Rules.Select(r => new RuleConditions(r.Conditions, r.Unless)).ToList(), addressList)
            : null;
        return new CompiledRuleSet(ruleSet, conditions);
    }

    /// <summary>The plan for <paramref name="recipients"/>; <paramref name="facts"/> is needed when <see cref="NeedsFacts"/>.</summary>
    public RuleSetEvaluation Evaluate(MessageFacts? facts, IReadOnlyList<string> recipients)
    {
        if (_conditions is null)
        {
            return RuleSetEvaluator.Evaluate(RuleSet, _kinds, static (_, _) => true, recipients);
        }
        var message = _conditions.For(facts ?? throw new ArgumentNullException(nameof(facts), "This rule set has conditions: the message's facts are needed."));
        // Each recipient's rules are worked out once, however many rules ask; rules ask about one recipient after another.
        var applying = new Dictionary<string, ulong>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        ulong lastBits = 0;
        return RuleSetEvaluator.Evaluate(RuleSet, _kinds, (rule, recipient) =>
        {
            if (!ReferenceEquals(recipient, last))
            {
                if (!applying.TryGetValue(recipient, out lastBits))
                {
                    applying[recipient] = lastBits = message.ApplyingRules(recipient);
                }
                last = recipient;
            }
            return (lastBits & (1UL << rule)) != 0;
        }, recipients);
    }

    /// <summary>Each condition's and exception's result of a rule for a recipient, for the log.</summary>
    public (bool[] Conditions, bool[] Unless) Explain(MessageFacts facts, int rule, string recipient) =>
        _conditions?.For(facts).Explain(rule, recipient) ?? ([], []);
}
