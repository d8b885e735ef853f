using MailManager.Core.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Shared;

/// <summary>
/// Puts the core's validation (and the errors a service returns, such as a name already taken)
/// into the surrounding <see cref="EditForm"/>, so each message appears next to its field.
/// The rules live once, in MailManager.Core; the console only displays them.
/// </summary>
public sealed class CoreValidation<TModel> : ComponentBase, IDisposable where TModel : class
{
    private ValidationMessageStore? _messages;
    private EditContext? _subscribed;
    private bool _submittedOnce;

    [CascadingParameter]
    private EditContext EditContext { get; set; } = default!;

    [Parameter, EditorRequired]
    public Func<TModel, ValidationErrors> Validator { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_subscribed, EditContext))
        {
            return;
        }
        Unsubscribe();
        _subscribed = EditContext;
        _messages = new ValidationMessageStore(EditContext);
        EditContext.OnValidationRequested += OnValidationRequested;
        EditContext.OnFieldChanged += OnFieldChanged;
    }

    /// <summary>Shows errors that only the server could find; nothing was saved.</summary>
    public void Show(ValidationErrors errors)
    {
        Apply(errors);
        EditContext.NotifyValidationStateChanged();
    }

    private void OnValidationRequested(object? sender, ValidationRequestedEventArgs e)
    {
        _submittedOnce = true;
        Apply(Validator((TModel)EditContext.Model));
        // EditContext.Validate() does not announce the new messages itself.
        EditContext.NotifyValidationStateChanged();
    }

    // After the first submit, messages follow the user's corrections as they type.
    private void OnFieldChanged(object? sender, FieldChangedEventArgs e)
    {
        if (_submittedOnce)
        {
            Apply(Validator((TModel)EditContext.Model));
            EditContext.NotifyValidationStateChanged();
        }
    }

    private void Apply(ValidationErrors errors)
    {
        _messages!.Clear();
        foreach (var (path, messages) in errors.ByField)
        {
            _messages.Add(FieldPath.Resolve(EditContext.Model, path), messages);
        }
    }

    private void Unsubscribe()
    {
        if (_subscribed is not null)
        {
            _subscribed.OnValidationRequested -= OnValidationRequested;
            _subscribed.OnFieldChanged -= OnFieldChanged;
        }
    }

    public void Dispose() => Unsubscribe();
}
