using MailManager.Core.IngressPoints;
using MailManager.Ingress;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Pages.IngressEndpoints;

public partial class NetworkFields
{
    [Inject] private HostPorts Host { get; set; } = default!;

    [CascadingParameter] private EditContext EditContext { get; set; } = default!;

    /// <summary>The create draft or the General details draft; both are edited in place.</summary>
    [Parameter, EditorRequired] public IIngressNetworkDraft Draft { get; set; } = default!;

    /// <summary>Where senders connect, and which ports SES uses.</summary>
    [Parameter, EditorRequired] public string PortsHelp { get; set; } = "";

    /// <summary>Why the proposed ports are not SES's (no privileges, a port taken), or null.</summary>
    [Parameter] public string? Note { get; set; }

    /// <summary>
    /// A port this process may not bind is allowed (privileges can be granted before the next start), but said
    /// at once: otherwise the endpoint only turns Failed after saving.
    /// </summary>
    private string? PrivilegeWarning(int? port) => port is { } p and > 0 and <= 65535 && !Host.Privileges.CanBind(p)
        ? $"Port {p} needs root or CAP_NET_BIND_SERVICE, which this process lacks: the endpoint would be Failed."
        : null;

    private void Add()
    {
        Draft.Ports.Add(new IngressPortDraft());
        PortsChanged();
    }

    private void Remove(IngressPortDraft entry)
    {
        Draft.Ports.Remove(entry);
        PortsChanged();
    }

    // "Listed twice" depends on the whole list; after a submit this re-validates it (and the messages follow).
    private void PortsChanged() => EditContext.NotifyFieldChanged(FieldIdentifier.Create(() => Draft.Ports));
}
