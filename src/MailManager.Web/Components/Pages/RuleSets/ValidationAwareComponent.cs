using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Pages.RuleSets;

/// <summary>
/// A part of the rule set form that shows messages it looks up itself (see <see cref="FormMessages"/>): it renders
/// again whenever the form's validation state changes, as MudBlazor's fields do for their own messages.
/// </summary>
public abstract class ValidationAwareComponent : ComponentBase, IDisposable
{
    private EditContext? _subscribed;

    [CascadingParameter] protected EditContext EditContext { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(_subscribed, EditContext))
        {
            Unsubscribe();
            _subscribed = EditContext;
            _subscribed.OnValidationStateChanged += OnValidationStateChanged;
        }
    }

    private void OnValidationStateChanged(object? sender, ValidationStateChangedEventArgs e) => _ = InvokeAsync(StateHasChanged);

    private void Unsubscribe()
    {
        if (_subscribed is not null)
        {
            _subscribed.OnValidationStateChanged -= OnValidationStateChanged;
        }
    }

    public void Dispose()
    {
        Unsubscribe();
        GC.SuppressFinalize(this);
    }
}
