using MailManager.Data.Api;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Components.Pages.ApiAccessKeys;

public sealed partial class ApiAccessKeyList
{
    private IReadOnlyList<ApiAccessKey>? _keys;

    [Inject] private ApiAccessKeyService Keys { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() => _keys = await Keys.ListAsync();
}
