using MailManager.Core.RuleSets.Conditions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Pages.RuleSets;

public partial class RuleConditionValues
{
    [Parameter, EditorRequired] public List<string> Values { get; set; } = default!;

    /// <summary>The expression the values belong to: edits are announced on it, so messages follow them.</summary>
    [Parameter, EditorRequired] public object Owner { get; set; } = default!;

    /// <summary>The condition's key in the core's messages, e.g. <c>Rules[0].Conditions[1]</c>.</summary>
    [Parameter, EditorRequired] public string Key { get; set; } = "";
    [Parameter, EditorRequired] public int RuleIndex { get; set; }
    [Parameter, EditorRequired] public bool Exception { get; set; }
    [Parameter, EditorRequired] public int Index { get; set; }
    [Parameter] public string? Help { get; set; }

    /// <summary>A message about the list as a whole (none, or too many values).</summary>
    [Parameter] public string? ListError { get; set; }

    private bool AtMaxValues => Values.Count >= RuleConditionValidator.MaxValues;

    private string ReasonId => $"rule-{RuleIndex + 1}-{(Exception ? "exception" : "condition")}-{Index + 1}-max-values";

    private void SetValue(int index, string? value)
    {
        Values[index] = value ?? "";
        Changed();
    }

    private void AddValue()
    {
        if (!AtMaxValues)
        {
            Values.Add("");
            Changed();
        }
    }

    private void RemoveValue(int index)
    {
        if (Values.Count > 1)
        {
            Values.RemoveAt(index);
            Changed();
        }
    }

    private void Changed() => EditContext.NotifyFieldChanged(new FieldIdentifier(Owner, nameof(Values)));
}
