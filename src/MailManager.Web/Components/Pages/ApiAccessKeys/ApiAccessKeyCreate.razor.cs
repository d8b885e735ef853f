using MailManager.Data.Api;
using MailManager.Data.Common;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Components.Pages.ApiAccessKeys;

public sealed partial class ApiAccessKeyCreate : IDisposable
{
    private readonly ApiAccessKeyDraft _draft = new();
    // The new key with its secret, held only until the administrator clicks Done or leaves the page.
    private CreatedApiAccessKey? _created;
    private CreatedApiAccessKey? _saving;

    [Inject] private ApiAccessKeyService Keys { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private async Task<SaveResult> CreateAsync(ApiAccessKeyDraft draft)
    {
        _saving = await Keys.CreateAsync(draft.Description);
        return SaveResult.Saved(_saving.AccessKeyId);
    }

    private void Created(string accessKeyId)
    {
        _created = _saving;
        _saving = null;
    }

    private void Done()
    {
        var id = _created!.AccessKeyId;
        _created = null;
        Navigation.NavigateTo(ApiAccessKeyText.DetailHref(id));
    }

    public void Dispose()
    {
        _created = null;
        _saving = null;
    }
}
