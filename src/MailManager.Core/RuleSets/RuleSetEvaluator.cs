namespace MailManager.Core.RuleSets;

/// <summary>
/// Rule-set semantics of SES Mail Manager (the rule set pages of the SES developer guide): rules are evaluated in order for every envelope recipient;
/// every rule that applies runs its actions in order (not first-match); Drop removes the recipients its rule
/// matched from all later processing. A rule without conditions applies to every remaining recipient.
/// </summary>
public static class RuleSetEvaluator
{
    public static RuleSetEvaluation Evaluate(RuleSet ruleSet, IReadOnlyList<string> recipients)
    {
        var remaining = recipients.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var dropped = new List<string>();
        var planned = new List<PlannedAction>();
        var delivered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        for (var ruleIndex = 0; ruleIndex < ruleSet.Rules.Count && remaining.Count > 0; ruleIndex++)
        {
            var rule = ruleSet.Rules[ruleIndex];
            // Conditions and exceptions come in a later issue: until then a rule matches every remaining recipient.
            var matched = remaining.ToList();
            for (var actionIndex = 0; actionIndex < rule.Actions.Count; actionIndex++)
            {
                var action = rule.Actions[actionIndex];
                planned.Add(new PlannedAction(ruleIndex, rule.Name, actionIndex, action, matched));
                if (action.Type == RuleActionType.Drop)
                {
                    // Drop ends processing for these recipients: later actions and rules do not see them.
                    dropped.AddRange(matched);
                    remaining.RemoveAll(r => matched.Contains(r, StringComparer.OrdinalIgnoreCase));
                    break;
                }
                delivered.UnionWith(matched);
            }
        }

        // No implicit delivery: a recipient that no action delivered and no Drop removed is simply not delivered.
        var unhandled = remaining.Where(r => !delivered.Contains(r)).ToList();
        return new RuleSetEvaluation(planned, dropped, unhandled);
    }
}
