using MailManager.Core.RuleSets.Actions;
using MailManager.Core.RuleSets.Conditions;

namespace MailManager.Core.RuleSets;

/// <summary>
/// SES <c>Rule</c>: for each envelope recipient, when all <see cref="Conditions"/> hold and none of <see cref="Unless"/>
/// does, the <see cref="Actions"/> run in order. No conditions: the rule applies to every recipient (still subject to Unless).
/// </summary>
public sealed class Rule
{
    public string? Name { get; set; }
    public List<RuleCondition> Conditions { get; set; } = [];
    public List<RuleCondition> Unless { get; set; } = [];
    public List<RuleAction> Actions { get; set; } = [];

    public Rule Clone() => RuleActionJson.Deserialize<Rule>(RuleActionJson.Serialize(this));
}
