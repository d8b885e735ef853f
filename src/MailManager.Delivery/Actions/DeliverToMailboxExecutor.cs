using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;
using MailManager.Delivery.Mailbox;

namespace MailManager.Delivery.Actions;

/// <summary>SES DeliverToMailbox, here by LMTP (RFC 2033) to the action's server; each recipient keeps its own reply.</summary>
public sealed class DeliverToMailboxExecutor(LmtpDeliverer deliverer) : IActionExecutor
{
    public RuleActionType Type => RuleActionType.DeliverToMailbox;

    public async Task<IReadOnlyList<MessageProcessingOutcome>> ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var action = run.Definition?.DeliverToMailbox ?? throw new InvalidOperationException($"Action {run.Delivery.ActionId} is not a DeliverToMailbox action.");
        if (!LmtpServer.TryParse(action.Server, out var server, out var error))
        {
            return ActionMessages.All(run, DeliveryOutcome.PermanentFailure, error);
        }
        if (!run.TryOpenContent(out var content))
        {
            return ActionMessages.All(run, DeliveryOutcome.PermanentFailure, ActionRun.MissingFile);
        }
        await using (content)
        {
            return await deliverer.DeliverAsync(server, run.Delivery.EnvelopeFrom, run.Delivery.Recipients, content, ct);
        }
    }
}
