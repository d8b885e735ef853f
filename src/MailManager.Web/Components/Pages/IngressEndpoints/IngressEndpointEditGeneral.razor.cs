using MailManager.Core.IngressPoints;
using MailManager.Data.IngressPoints;
using MailManager.Ingress;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Components.Pages.IngressEndpoints;

public partial class IngressEndpointEditGeneral
{
    private IngressPointGeneralDraft? _draft;
    private bool _loaded;

    [Inject] private IngressPointService Endpoints { get; set; } = default!;
    [Inject] private IngressEndpointInfo Info { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Parameter] public string IngressPointId { get; set; } = "";

    // Said before saving: a change of address or ports is not free, the listener restarts.
    private string PortsHelp => IngressEndpointText.PortsHelp(Info.ARecord) +
        " Changing the bind address, a port or the TLS policy restarts the listener: the endpoint shows Updating, then Active, or Failed with the reason.";

    protected override async Task OnParametersSetAsync()
    {
        var endpoint = await Endpoints.GetAsync(IngressPointId);
        _draft = endpoint is null ? null : IngressPointGeneralDraft.Of(endpoint);
        _loaded = true;
    }
}
