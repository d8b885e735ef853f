using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace MailManager.Web.Components.Shared;

public sealed partial class CopyButton
{
    private bool _copied;
    private bool _failed;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The button's accessible name, such as "Copy secret access key".</summary>
    [Parameter, EditorRequired] public string Label { get; set; } = "";

    [Parameter, EditorRequired] public string Text { get; set; } = "";

    private async Task CopyAsync()
    {
        try
        {
            // The Clipboard API's promise rejects when the page may not write to the clipboard.
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", Text);
            _copied = true;
            _failed = false;
        }
        catch (JSException)
        {
            _copied = false;
            _failed = true;
        }
    }
}
