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
        _addressLists = await LoadAddressListOptionsAsync();
        _loaded = true;
    }

    /// <summary>
    /// The address lists the statements may name, for their names. Address lists are not a resource yet, so there are
    /// none (a condition shows the list's ID); this is the one place to list them from their service once they are.
    /// </summary>
    private static Task<IReadOnlyList<ReferenceOption>> LoadAddressListOptionsAsync() => Task.FromResult<IReadOnlyList<ReferenceOption>>([]);
}
