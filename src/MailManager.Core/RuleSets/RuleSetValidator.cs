using MailManager.Core.Common;
using MailManager.Core.RuleSets.Actions;
using MailManager.Core.RuleSets.Conditions;

namespace MailManager.Core.RuleSets;

/// <summary>
/// Checks a rule set against SES's <c>RuleSet</c>, <c>Rule</c>, <c>RuleCondition</c> and <c>RuleAction</c> shapes and
/// limits, field by field. Keys: <c>Name</c>, <c>Rules</c>, <c>Rules[i].Name</c>, <c>Rules[i].Conditions[j]…</c>,
/// <c>Rules[i].Actions</c>, <c>Rules[i].Actions[j]</c> and <c>Rules[i].Actions[j].{Member}.{Field}</c> (paths of the objects, as the console binds them).
/// </summary>
public static class RuleSetValidator
{
    public const int MaxRules = 40;
    public const int MaxActionsPerRule = 10;

    /// <summary>SES quota: at most 10 Relay (or Send) actions per rule set.</summary>
    public const int MaxRelayActions = 10;

    /// <summary>The checks a form can make without storage (address lists are checked by the service).</summary>
    public static ValidationErrors Validate(RuleSetDraft draft) => Validate(draft, null);

    /// <param name="addressListExists">Whether an address list of that ID exists; null skips the check.</param>
    public static ValidationErrors Validate(RuleSetDraft draft, Func<string, bool>? addressListExists)
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
        if (draft.Rules.SelectMany(r => r.Actions).Count(a => a.Relay is not null) > MaxRelayActions)
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

            RuleConditionValidator.Validate(new RuleConditions(rule.Conditions, rule.Unless), Rule(i), addressListExists ?? (_ => true), errors);

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
                if (action.Kind is not { } kind)
                {
                    errors.Add(Action(i, j), "Choose one action.");
                    continue;
                }
                kind.Validate(action, Member(i, j, kind.Type), errors);
            }
        }
        return errors;
    }

    public static string Rule(int rule) => $"Rules[{rule}]";

    public static string RuleName(int rule) => $"Rules[{rule}].Name";

    public static string RuleActions(int rule) => $"Rules[{rule}].Actions";

    public static string Action(int rule, int action) => $"Rules[{rule}].Actions[{action}]";

    /// <summary>The key of an action's union member, e.g. <c>Rules[0].Actions[1].Relay</c>: the path of the object its fields are on.</summary>
    public static string Member(int rule, int action, RuleActionType member) => $"{Action(rule, action)}.{member}";

    /// <summary>The key of one field of an action, e.g. <c>Rules[0].Actions[1].Relay.Relay</c>.</summary>
    public static string ActionField(int rule, int action, RuleActionType member, string field) => $"{Member(rule, action, member)}.{field}";
}
