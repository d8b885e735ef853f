namespace MailManager.Core.RuleSets;

/// <summary>What a user enters to create or change a rule set: the rules are edited in place and saved whole, as SES's UpdateRuleSet replaces them all.</summary>
public sealed class RuleSetDraft
{
    public string Name { get; set; } = "";
    public List<Rule> Rules { get; set; } = [];

    public static RuleSetDraft From(RuleSet ruleSet) => new()
    {
        Name = ruleSet.RuleSetName,
        Rules = ruleSet.Rules.Select(r => r.Clone()).ToList(),
    };
}
