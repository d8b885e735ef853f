using MailManager.Data.Common;
using MailManager.Web.Components.Pages.IngressEndpoints;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Components.Pages.TrafficPolicies;

public partial class TrafficPolicyEdit
{
    private TrafficPolicyForm? _form;
    private IReadOnlyList<ReferenceOption> _addressLists = [];
    private bool _loaded;

    [Parameter] public string TrafficPolicyId { get; set; } = "";

    protected override async Task OnParametersSetAsync()
    {
        var policy = await TrafficPolicies.GetAsync(TrafficPolicyId);
        _addressLists = await AddressListOptions.LoadAsync(AddressLists);
        _form = policy is null ? null : TrafficPolicyForm.From(policy);
        _loaded = true;
    }

    // The statements are saved as a whole: the form's list replaces the policy's.
    private async Task<SaveResult> SaveAsync(TrafficPolicyForm form)
    {
        var result = await TrafficPolicies.UpdateAsync(TrafficPolicyId, form.ToDraft());
        return result.Succeeded ? result : SaveResult.Invalid(form.ToFormErrors(result.Errors));
    }
}
