using System.Globalization;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;
using MailManager.Delivery.Notifications;
using MailManager.Delivery.Relays;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Actions;

/// <summary>
/// SES Bounce: an RFC 3464 notification to the envelope sender, with the action's codes and texts, through the action's
/// SMTP relay from the null sender. Never to the null sender nor to automatic mail (<see cref="BounceGuard"/>), so two
/// gateways cannot bounce to each other forever; the recipients are finished all the same.
/// </summary>
public sealed class BounceExecutor(RelayDeliverer deliverer, IOptions<DeliveryOptions> options, TimeProvider time) : IActionExecutor
{
    public RuleActionType Type => RuleActionType.Bounce;

    public async Task<IReadOnlyList<MessageProcessingOutcome>> ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var action = run.Definition?.Bounce ?? throw new InvalidOperationException($"Action {run.Delivery.ActionId} is not a bounce action.");
        var message = await run.LoadMessageAsync(ct);
        if (message is null)
        {
            return ActionMessages.All(run, DeliveryOutcome.PermanentFailure, "The message no longer exists");
        }
        if (BounceGuard.WhyNot(message.MailFrom, message.Headers) is { } why)
        {
            return ActionMessages.All(run, DeliveryOutcome.Delivered, $"No bounce sent: {why}");
        }
        var reply = int.Parse(action.SmtpReplyCode, CultureInfo.InvariantCulture);
        var request = new DsnRequest(
            options.Value.HeloName ?? "", action.Sender, message.MailFrom, message.MessageId, message.ReceivedTimestamp, message.Headers ?? "",
            // The addresses the sender used, never what a rewrite made of them inside.
            run.Delivery.EnvelopeRecipients.Select(r => new DsnRecipient(r, action.StatusCode, reply, action.DiagnosticMessage)).ToList())
        {
            HumanMessage = action.Message,
        };
        return await NoticeSend.SendAsync(deliverer, run, action.Relay, request, time, ct);
    }
}
