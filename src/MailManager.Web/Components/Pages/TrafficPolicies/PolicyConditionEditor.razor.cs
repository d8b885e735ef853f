using MailManager.Web.Components.Pages.IngressEndpoints;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Pages.TrafficPolicies;

public partial class PolicyConditionEditor
{
    private static readonly ConditionProperty?[] Properties = [.. Enum.GetValues<ConditionProperty>().Select(p => (ConditionProperty?)p)];

    [CascadingParameter] private EditContext EditContext { get; set; } = default!;

    [Parameter, EditorRequired] public PolicyConditionForm Condition { get; set; } = default!;
    [Parameter, EditorRequired] public int StatementIndex { get; set; }
    [Parameter, EditorRequired] public int Index { get; set; }
    [Parameter, EditorRequired] public IReadOnlyList<ReferenceOption> AddressLists { get; set; } = [];
    [Parameter, EditorRequired] public EventCallback OnRemove { get; set; }

    private string GroupName => PolicyStatementLabels.Condition(StatementIndex, Index);

    private string ValueHelp => Condition.Property switch
    {
        ConditionProperty.SenderIpRange => "An IPv4 range such as 192.0.2.0/24. Any one of the values may match.",
        ConditionProperty.SenderIpv6Range => "An IPv6 range such as 2001:db8::/32. Any one of the values may match.",
        _ => "The envelope recipient exactly as received, +tag included. Any one of the values may match.",
    };

    // A list deleted meanwhile still shows, as its ID; the form then says it no longer exists.
    private string AddressListName(string? id) => AddressLists.FirstOrDefault(l => l.Id == id)?.Name ?? id ?? "";

    private static string PropertyText(ConditionProperty? property) => property is { } p ? PolicyStatementText.Property(p) : "";

    private void AddValue()
    {
        Condition.Values.Add(new ConditionValue());
        ValuesChanged();
    }

    private void RemoveValue(int index)
    {
        if (Condition.Values.Count > 1)
        {
            Condition.Values.RemoveAt(index);
            ValuesChanged();
        }
    }

    private void ValuesChanged() => EditContext.NotifyFieldChanged(new FieldIdentifier(Condition, nameof(PolicyConditionForm.Values)));
}
