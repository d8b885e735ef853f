using MailManager.Data.Common;
using MailManager.Web.Components.Pages.IngressEndpoints;

namespace MailManager.Web.Components.Pages.TrafficPolicies;

public partial class TrafficPolicyCreate
{
    private readonly TrafficPolicyForm _form = new();
    private IReadOnlyList<ReferenceOption> _addressLists = [];

    protected override async Task OnInitializedAsync() => _addressLists = await AddressListOptions.LoadAsync(AddressLists);

    private async Task<SaveResult> SaveAsync(TrafficPolicyForm form)
    {
        var result = await TrafficPolicies.CreateAsync(form.ToDraft());
        return result.Succeeded ? result : SaveResult.Invalid(form.ToFormErrors(result.Errors));
    }
}
