using MailManager.Core.Messages;
using MailManager.Delivery.Notifications;
using MailManager.Delivery.Relays;

namespace MailManager.Delivery.Actions;

/// <summary>Sends a delivery status notification to the original sender through a relay; its outcome is the action's for all its recipients.</summary>
internal static class NoticeSend
{
    public static async Task<IReadOnlyList<MessageProcessingOutcome>> SendAsync(
        RelayDeliverer deliverer, ActionRun run, string relay, DsnRequest request, TimeProvider time, CancellationToken ct)
    {
        MemoryStream content;
        try
        {
            content = await DeliveryStatusNotification.ToStreamAsync(DeliveryStatusNotification.Create(request, time.GetUtcNow()), ct);
        }
        catch (ArgumentException ex)
        {
            return ActionMessages.All(run, DeliveryOutcome.PermanentFailure, $"The notification cannot be written: {ex.Message}");
        }
        await using (content)
        {
            // From the null sender (RFC 3464 §2, RFC 5321 §6.1), so a notice can never cause another.
            var outcomes = await RelaySend.SendAsync(deliverer, run, relay, "", [request.To], () => content, ct);
            var sent = outcomes.FirstOrDefault() ?? new MessageProcessingOutcome([request.To], DeliveryOutcome.TemporaryFailure, "No outcome");
            return ActionMessages.All(run, sent.Outcome, sent.Outcome == DeliveryOutcome.Delivered ? $"Notification sent to {request.To}: {sent.Reply}" : sent.Reply);
        }
    }
}
