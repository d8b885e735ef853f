using MailManager.Core.TrafficPolicies;
using MailManager.Web.Components.Pages.IngressEndpoints;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Pages.TrafficPolicies;

public partial class PolicyStatementsEditor
{
    [CascadingParameter] private EditContext EditContext { get; set; } = default!;

    [Parameter, EditorRequired] public TrafficPolicyForm Form { get; set; } = default!;

    /// <summary>The address lists a condition can name.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<ReferenceOption> AddressLists { get; set; } = [];

    internal static string MaxStatementsReason => $"A traffic policy holds at most {PolicyStatementValidator.MaxStatements} policy statements.";

    private bool AtMaxStatements => Form.PolicyStatements.Count >= PolicyStatementValidator.MaxStatements;

    private void AddStatement()
    {
        if (!AtMaxStatements)
        {
            Form.PolicyStatements.Add(PolicyStatementForm.New(Form.DefaultAction));
            StatementsChanged();
        }
    }

    private void RemoveStatement(int index)
    {
        Form.PolicyStatements.RemoveAt(index);
        StatementsChanged();
    }

    // Once the user has submitted, messages follow the edits; their positions ("PolicyStatements[1]") move with the statements.
    private void StatementsChanged() => EditContext.NotifyFieldChanged(new FieldIdentifier(Form, nameof(TrafficPolicyForm.PolicyStatements)));
}
