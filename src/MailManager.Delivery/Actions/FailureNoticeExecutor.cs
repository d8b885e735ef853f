using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;
using MailManager.Delivery.Notifications;
using MailManager.Delivery.Relays;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Actions;

/// <summary>
/// The gateway's own notice to the sender of accepted mail that failed for good (RFC 5321 §6.1), through the configured
/// notification relay (<c>MailManager:Notifications:Relay</c>), listing each failed recipient with the reply that failed it.
/// </summary>
public sealed class FailureNoticeExecutor(RelayDeliverer deliverer, IOptions<DeliveryOptions> delivery, IOptions<NotificationOptions> notifications, TimeProvider time)
    : IActionExecutor
{
    public RuleActionType Type => RuleActionType.DeliveryStatusNotification;

    public async Task<IReadOnlyList<MessageProcessingOutcome>> ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var message = await run.LoadMessageAsync(ct);
        if (message is null)
        {
            return ActionMessages.All(run, DeliveryOutcome.PermanentFailure, "The message no longer exists");
        }
        if (BounceGuard.WhyNot(message.MailFrom, message.Headers) is { } why)
        {
            return ActionMessages.All(run, DeliveryOutcome.Delivered, $"No notification sent: {why}");
        }
        var settings = notifications.Value;
        if (settings.Relay.Length == 0)
        {
            return ActionMessages.All(run, DeliveryOutcome.PermanentFailure, $"No notification relay is configured ({NotificationOptions.RelayKey})");
        }
        var failed = message.Recipients.Where(r => run.Delivery.Recipients.Contains(r.Address, StringComparer.OrdinalIgnoreCase)).ToList();
        var request = new DsnRequest(
            delivery.Value.HeloName ?? "", settings.Sender, message.MailFrom, message.MessageId, message.ReceivedTimestamp, message.Headers ?? "",
            failed.Select(r => DsnRecipient.FromDeliveryFailure(r.Address, r.Detail, permanent: true)).ToList());
        return await NoticeSend.SendAsync(deliverer, run, settings.Relay, request, time, ct);
    }
}
