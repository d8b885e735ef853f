using MailManager.Data.Api;
using MailManager.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MailManager.Web.Components.Pages.ApiAccessKeys;

public sealed partial class ApiAccessKeyActions
{
    private bool _busy;

    [Inject] private ApiAccessKeyService Keys { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Parameter, EditorRequired] public ApiAccessKey Key { get; set; } = default!;

    [Parameter] public Size Size { get; set; } = Size.Small;

    /// <summary>Raised after the key was activated, deactivated or deleted, so the page reads it again.</summary>
    [Parameter] public EventCallback Changed { get; set; }

    private string ToggleText => Key.Active ? "Deactivate" : "Activate";

    private async Task ToggleAsync()
    {
        _busy = true;
        try
        {
            await Keys.SetActiveAsync(Key.AccessKeyId, !Key.Active);
            await Changed.InvokeAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DeleteAsync()
    {
        var consequence = Key.Active ? " Applications that sign requests with it can no longer call the API." : "";
        var dialog = await Dialogs.ShowAsync<TypeToConfirmDialog>($"Delete {Key.AccessKeyId}?", new DialogParameters<TypeToConfirmDialog>
        {
            { d => d.Message, $"Delete access key {Key.AccessKeyId}?{consequence} This cannot be undone." },
            { d => d.Word, Key.AccessKeyId },
        });
        if (await dialog.Result is not { Canceled: false })
        {
            return;
        }
        _busy = true;
        try
        {
            await Keys.DeleteAsync(Key.AccessKeyId);
            await Changed.InvokeAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
