using MailManager.Data.Api;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Components.Pages.ApiAccessKeys;

public sealed partial class ApiAccessKeyDetail
{
    private ApiAccessKey? _key;
    private IReadOnlyList<ApiChange> _changes = [];
    private bool _loaded;

    [Inject] private ApiAccessKeyService Keys { get; set; } = default!;
    [Inject] private ApiRecords Records { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Parameter] public string AccessKeyId { get; set; } = "";

    // Only read inside the ResourceLoader, which renders its content once the key is found.
    private ApiAccessKey Shown => _key!;

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _key = await Keys.GetAsync(AccessKeyId);
        _changes = _key is null ? [] : await Records.ListChangesAsync(AccessKeyId, ApiAccessKeyText.ChangesShown);
        _loaded = true;
    }

    // Deleted from its own page: back to the list, which no longer has it.
    private async Task ChangedAsync()
    {
        await LoadAsync();
        if (_key is null)
        {
            Navigation.NavigateTo(ApiAccessKeyText.ListHref);
        }
    }
}
