using MailManager.Core.TrafficPolicies;
using MailManager.Web.Components.Pages.IngressEndpoints;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Pages.TrafficPolicies;

public partial class PolicyStatementEditor
{
    [CascadingParameter] private EditContext EditContext { get; set; } = default!;

    [Parameter, EditorRequired] public PolicyStatementForm Statement { get; set; } = default!;
    [Parameter, EditorRequired] public int Index { get; set; }
    [Parameter, EditorRequired] public IReadOnlyList<ReferenceOption> AddressLists { get; set; } = [];
    [Parameter, EditorRequired] public EventCallback OnRemove { get; set; }

    internal static string MaxConditionsReason => $"A policy statement holds at most {PolicyStatementValidator.MaxConditions} conditions.";

    private bool AtMaxConditions => Statement.Conditions.Count >= PolicyStatementValidator.MaxConditions;

    private string ReasonId => $"policy-statement-{Index + 1}-max-conditions";

    private void AddCondition()
    {
        if (!AtMaxConditions)
        {
            Statement.Conditions.Add(new PolicyConditionForm());
            ConditionsChanged();
        }
    }

    private void RemoveCondition(int index)
    {
        Statement.Conditions.RemoveAt(index);
        ConditionsChanged();
    }

    private void ConditionsChanged() => EditContext.NotifyFieldChanged(new FieldIdentifier(Statement, nameof(PolicyStatementForm.Conditions)));
}
