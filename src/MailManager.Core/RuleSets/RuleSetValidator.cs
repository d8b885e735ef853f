using MailManager.Core.Common;

namespace MailManager.Core.RuleSets;

public static class RuleSetValidator
{
    public const int MaxRules = 40;
    public const int MaxActionsPerRule = 10;
    public const int MaxRelayActions = 10;

    public static ValidationErrors Validate(RuleSetDraft draft)
    {
        var errors = new ValidationErrors();
        if (NameRules.CheckRuleSetName(draft.Name) is { } nameError)
        {
            errors.Add(nameof(RuleSetDraft.Name), nameError);
        }
        if (draft.Rules.Count > MaxRules)
        {
            errors.Add(nameof(RuleSetDraft.Rules), $"A rule set holds at most {MaxRules} rules.");
        }
        if (draft.Rules.SelectMany(r => r.Actions).Count(a => a.Type == RuleActionType.Relay) > MaxRelayActions)
        {
            errors.Add(nameof(RuleSetDraft.Rules), $"A rule set holds at most {MaxRelayActions} SMTP relay actions.");
        }

        for (var i = 0; i < draft.Rules.Count; i++)
        {
            var rule = draft.Rules[i];
            if (NameRules.CheckRuleName(rule.Name) is { } ruleNameError)
            {
                errors.Add(RuleName(i), ruleNameError);
            }
            else if (!string.IsNullOrEmpty(rule.Name) && draft.Rules.Take(i).Any(r => r.Name == rule.Name))
            {
                errors.Add(RuleName(i), $"Another rule is already named '{rule.Name}'.");
            }

            if (rule.Actions.Count == 0)
            {
                errors.Add(RuleActions(i), "Add at least one action.");
            }
            else if (rule.Actions.Count > MaxActionsPerRule)
            {
                errors.Add(RuleActions(i), $"A rule holds at most {MaxActionsPerRule} actions.");
            }

            for (var j = 0; j < rule.Actions.Count; j++)
            {
                var action = rule.Actions[j];
                if (action.Type == RuleActionType.Relay && string.IsNullOrEmpty(action.RelayId))
                {
                    errors.Add(ActionRelay(i, j), "Choose an SMTP relay.");
                }
            }
        }
        return errors;
    }

    public static string RuleName(int rule) => $"Rules[{rule}].Name";

    public static string RuleActions(int rule) => $"Rules[{rule}].Actions";

    public static string ActionRelay(int rule, int action) => $"Rules[{rule}].Actions[{action}].RelayId";
}
