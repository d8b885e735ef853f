using MailManager.Data.AddressLists;
using MailManager.Web.Components.Pages.IngressEndpoints;

namespace MailManager.Web.Components.Pages.TrafficPolicies;

/// <summary>The address lists a policy condition can name, for the editor's select and the detail page's sentences.</summary>
public static class AddressListOptions
{
    public static async Task<IReadOnlyList<ReferenceOption>> LoadAsync(AddressListService addressLists) =>
        [.. (await addressLists.ListAsync()).Select(l => new ReferenceOption(l.AddressListId, l.AddressListName))];
}
