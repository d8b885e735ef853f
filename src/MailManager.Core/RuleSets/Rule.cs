namespace MailManager.Core.RuleSets;

/// <summary>One rule of a rule set. Conditions and exceptions come in a later issue: a rule without conditions applies to every recipient.</summary>
public sealed class Rule
{
    public string? Name { get; set; }
    public List<RuleAction> Actions { get; set; } = [];
}
