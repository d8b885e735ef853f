using MailManager.Data.Common;
using MailManager.Web.Components.Pages.IngressEndpoints;

namespace MailManager.Web.Components.Pages.TrafficPolicies;

public partial class TrafficPolicyCreate
{
    private readonly TrafficPolicyForm _form = new();
    private IReadOnlyList<ReferenceOption> _addressLists = [];

    protected override async Task OnInitializedAsync() => _addressLists = await LoadAddressListOptionsAsync();

    /// <summary>
    /// The address lists a condition can name. Address lists are not a resource yet, so there are none; this is the one
    /// place to list them from their service once they are.
    /// </summary>
    private static Task<IReadOnlyList<ReferenceOption>> LoadAddressListOptionsAsync() => Task.FromResult<IReadOnlyList<ReferenceOption>>([]);

    private async Task<SaveResult> SaveAsync(TrafficPolicyForm form)
    {
        var result = await TrafficPolicies.CreateAsync(form.ToDraft());
        return result.Succeeded ? result : SaveResult.Invalid(form.ToFormErrors(result.Errors));
    }
}
