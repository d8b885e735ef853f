using MailManager.Core.TrafficPolicies;
using MailManager.Web.Components.Pages.IngressEndpoints;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Components.Pages.TrafficPolicies;

public partial class TrafficPolicyDetail
{
    private TrafficPolicy? _policy;
    private IReadOnlyList<ReferenceOption> _addressLists = [];
    private bool _loaded;

    [Parameter] public string TrafficPolicyId { get; set; } = "";

    private string EditHref => $"traffic-policies/{TrafficPolicyId}/edit";

    protected override async Task OnParametersSetAsync()
    {
        _policy = await TrafficPolicies.GetAsync(TrafficPolicyId);
        _addressLists = await AddressListOptions.LoadAsync(AddressLists);
        _loaded = true;
    }

}
