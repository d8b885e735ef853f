using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Pages.RuleSets;

public partial class RuleActionEditor
{
    /// <summary>SES ReplaceRecipientAction: 1 to 100 addresses.</summary>
    internal const int MaxRecipients = ReplaceRecipientAction.MaxAddresses;

    // The fields of a type stay with the editor while another type is chosen, so switching back keeps them.
    private readonly Dictionary<RuleActionType, RuleAction> _kept = [];

    [Parameter, EditorRequired] public RuleAction Action { get; set; } = default!;
    [Parameter, EditorRequired] public int RuleIndex { get; set; }
    [Parameter, EditorRequired] public int Index { get; set; }
    [Parameter, EditorRequired] public int Count { get; set; }
    [Parameter, EditorRequired] public RuleSetReferences References { get; set; } = default!;
    [Parameter, EditorRequired] public EventCallback<int> OnMove { get; set; }
    [Parameter, EditorRequired] public EventCallback OnRemove { get; set; }

    internal static string MaxRecipientsReason => $"Enter at most {MaxRecipients} email addresses.";

    private string RecipientsReasonId => $"rule-{RuleIndex + 1}-action-{Index + 1}-max-recipients";

    // "Choose one action." is keyed by the action itself.
    private string? ActionError => FormMessages.About(EditContext, Action);

    private string Field(string field) => RuleSetLabels.ActionField(RuleIndex, Index, field);

    private static bool AtMaxRecipients(ReplaceRecipientAction rewrite) => rewrite.ReplaceWith.Count >= MaxRecipients;

    private string? RecipientError(int position) => FormMessages.At(EditContext,
        $"{RuleSetValidator.ActionField(RuleIndex, Index, RuleActionType.ReplaceRecipient, nameof(ReplaceRecipientAction.ReplaceWith))}[{position}]");

    private string SecretName(string? id) => string.IsNullOrEmpty(id)
        ? "None (unsigned)"
        : References.Secrets.FirstOrDefault(s => s.Id == id)?.Name ?? id;

    private void SetSecret(WebhookAction hook, string? id)
    {
        hook.SecretId = string.IsNullOrEmpty(id) ? null : id;
        EditContext.NotifyFieldChanged(new FieldIdentifier(hook, nameof(WebhookAction.SecretId)));
    }

    private void SetRecipient(ReplaceRecipientAction rewrite, int index, string? address)
    {
        rewrite.ReplaceWith[index] = address ?? "";
        RecipientsChanged(rewrite);
    }

    private void AddRecipient(ReplaceRecipientAction rewrite)
    {
        if (!AtMaxRecipients(rewrite))
        {
            rewrite.ReplaceWith.Add("");
            RecipientsChanged(rewrite);
        }
    }

    private void RemoveRecipient(ReplaceRecipientAction rewrite, int index)
    {
        if (rewrite.ReplaceWith.Count > 1)
        {
            rewrite.ReplaceWith.RemoveAt(index);
            RecipientsChanged(rewrite);
        }
    }

    private void RecipientsChanged(ReplaceRecipientAction rewrite) =>
        EditContext.NotifyFieldChanged(new FieldIdentifier(rewrite, nameof(ReplaceRecipientAction.ReplaceWith)));

    private void ChangeType(RuleActionType? type)
    {
        if (type is null || type == Action.Type)
        {
            return;
        }
        if (Action.Type is { } current)
        {
            _kept[current] = Action.Clone();
        }
        var next = _kept.TryGetValue(type.Value, out var kept) ? kept : RuleSetText.NewAction(type.Value);
        Action.Drop = next.Drop;
        Action.Relay = next.Relay;
        Action.AddHeader = next.AddHeader;
        Action.ReplaceRecipient = next.ReplaceRecipient;
        Action.Bounce = next.Bounce;
        Action.DeliverToMailbox = next.DeliverToMailbox;
        Action.WriteToS3 = next.WriteToS3;
        Action.Webhook = next.Webhook;
        EditContext.NotifyFieldChanged(new FieldIdentifier(Action, ""));
    }
}
