using MailManager.Core.IngressPoints;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Components.Pages.IngressEndpoints;

public partial class IngressEndpointFields
{
    [Parameter, EditorRequired] public IngressPointDraft Draft { get; set; } = default!;
    [Parameter, EditorRequired] public IReadOnlyList<ReferenceOption> TrafficPolicies { get; set; } = [];
    [Parameter, EditorRequired] public IReadOnlyList<ReferenceOption> RuleSets { get; set; } = [];
    [Parameter, EditorRequired] public string PortsHelp { get; set; } = "";

    /// <summary>Why the proposed ports are not SES's, or null.</summary>
    [Parameter] public string? PortsNote { get; set; }

    /// <summary>After the type changed; the argument is the type before (the page may propose other ports).</summary>
    [Parameter] public EventCallback<IngressPointType> TypeChanged { get; set; }

    /// <summary>Where "Create new" (a secret) comes back to.</summary>
    [Parameter, EditorRequired] public string ReturnPath { get; set; } = "";

    private async Task ChangeTypeAsync(IngressPointType type)
    {
        var previous = Draft.Type;
        Draft.Type = type;
        await TypeChanged.InvokeAsync(previous);
    }
}
