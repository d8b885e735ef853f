using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;
using MailManager.Core.RuleSets.Conditions;
using MailManager.Web.Components.Pages.IngressEndpoints;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Pages.RuleSets;

public partial class RuleEditor
{
    private bool _exceptions;

    // The exceptions hidden by clearing "EXCEPT in the case of:", given back when it is ticked again.
    private List<RuleCondition> _hiddenExceptions = [];

    [CascadingParameter] private EditContext EditContext { get; set; } = default!;
    [Parameter, EditorRequired] public Rule Rule { get; set; } = default!;
    [Parameter, EditorRequired] public int Index { get; set; }
    [Parameter, EditorRequired] public int Count { get; set; }
    [Parameter, EditorRequired] public RuleSetReferences References { get; set; } = default!;
    [Parameter, EditorRequired] public EventCallback<int> OnMove { get; set; }
    [Parameter, EditorRequired] public EventCallback OnRemove { get; set; }

    internal static string MaxConditionsReason => $"A rule has at most {RuleConditionValidator.MaxConditions} conditions.";

    internal static string MaxExceptionsReason => $"A rule has at most {RuleConditionValidator.MaxConditions} exceptions.";

    internal static string MaxActionsReason => $"A rule holds at most {RuleSetValidator.MaxActionsPerRule} actions.";

    private IReadOnlyList<ReferenceOption> AddressLists => References.AddressLists;

    private string TitleId => $"rule-{Index + 1}-title";

    private bool AtMaxConditions => Rule.Conditions.Count >= RuleConditionValidator.MaxConditions;

    private bool AtMaxExceptions => Rule.Unless.Count >= RuleConditionValidator.MaxConditions;

    private bool AtMaxActions => Rule.Actions.Count >= RuleSetValidator.MaxActionsPerRule;

    protected override void OnInitialized() => _exceptions = Rule.Unless.Count > 0;

    // Unticked, the rule has no exceptions (what is saved is what is shown); ticked again, they come back.
    private void ShowExceptions(bool show)
    {
        _exceptions = show;
        if (show)
        {
            Rule.Unless.AddRange(_hiddenExceptions);
            _hiddenExceptions = [];
        }
        else
        {
            _hiddenExceptions = [.. Rule.Unless];
            Rule.Unless.Clear();
        }
        ListChanged(nameof(Rule.Unless));
    }

    // A new condition has no property yet: the form asks for one, as the SES console does.
    private void AddCondition(List<RuleCondition> list)
    {
        if (list.Count < RuleConditionValidator.MaxConditions)
        {
            list.Add(new RuleCondition());
            ListChanged(ReferenceEquals(list, Rule.Unless) ? nameof(Rule.Unless) : nameof(Rule.Conditions));
        }
    }

    private void RemoveCondition(List<RuleCondition> list, int index)
    {
        list.RemoveAt(index);
        ListChanged(ReferenceEquals(list, Rule.Unless) ? nameof(Rule.Unless) : nameof(Rule.Conditions));
    }

    // A new action starts as an SMTP relay with no relay chosen: the form then asks for a relay,
    // where a default of Drop would silently discard mail if saved unchanged.
    private void AddAction()
    {
        if (!AtMaxActions)
        {
            Rule.Actions.Add(RuleSetText.NewAction(RuleActionType.Relay));
            ListChanged(nameof(Rule.Actions));
        }
    }

    private void MoveAction(int index, int offset)
    {
        ListOrder.Move(Rule.Actions, index, offset);
        ListChanged(nameof(Rule.Actions));
    }

    private void RemoveAction(int index)
    {
        Rule.Actions.RemoveAt(index);
        ListChanged(nameof(Rule.Actions));
    }

    private void ListChanged(string list) => EditContext.NotifyFieldChanged(new FieldIdentifier(Rule, list));
}
