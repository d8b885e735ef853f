using MailManager.Core.RuleSets.Actions;

namespace MailManager.Core.Messages;

/// <summary>
/// The gateway's own notice to the sender when mail it accepted fails for good (RFC 5321 §6.1): one notice action for
/// the recipients that failed since the last notice, sent to the envelope sender. Whether one may be sent at all (null
/// sender, automatic mail) is decided when it is sent, from the message's headers.
/// </summary>
public static class FailureNotices
{
    /// <summary>Adds a notice action for failed recipients no notice covers yet; false when there are none.</summary>
    public static bool Add(ReceivedMessage message, DateTimeOffset now, TimeSpan retryLifetime)
    {
        if (message.MailFrom.Length == 0)
        {
            return false;
        }
        var noticed = message.Actions.Where(a => a.Type == RuleActionType.DeliveryStatusNotification)
            .SelectMany(a => a.Recipients).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Failed for good means every delivering action for the recipient failed (see MessageProcessingStatus); only
        // failures of delivering actions count: a Bounce that failed is the rule's own notice failing, not the message's.
        var failed = message.Recipients
            .Where(r => r.Status == MessageStatus.Failed && !noticed.Contains(r.Address)
                && message.Actions.Any(a => a is { Status: MessageActionStatus.Failed, Kind.Delivers: true } && a.Concerns(r.Address)))
            .Select(r => r.Address)
            .ToList();
        if (failed.Count == 0)
        {
            return false;
        }
        message.Actions.Add(new MessageAction
        {
            MessageId = message.MessageId,
            // No rule's: the gateway's own.
            RuleIndex = -1,
            ActionIndex = message.Actions.Count(a => a.Type == RuleActionType.DeliveryStatusNotification),
            Type = RuleActionType.DeliveryStatusNotification,
            Recipients = failed,
            Status = MessageActionStatus.Pending,
            NextAttemptTimestamp = now,
            ExpiresTimestamp = now + retryLifetime,
        });
        return true;
    }
}
