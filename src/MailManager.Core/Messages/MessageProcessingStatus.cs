using MailManager.Core.RuleSets;

namespace MailManager.Core.Messages;

/// <summary>
/// Derives where each recipient and the message stand from the message's actions, so the statuses are
/// never stored in a way that can disagree with the actions they summarise.
/// </summary>
public static class MessageProcessingStatus
{
    public const string NotDelivered = "No rule action delivered it";

    /// <summary>Sets every recipient's status and detail, then the message's status, from its actions.</summary>
    public static void Recompute(ReceivedMessage message, DateTimeOffset now)
    {
        foreach (var recipient in message.Recipients)
        {
            (recipient.Status, recipient.Detail) = Of(recipient.Address, message.Actions);
        }
        message.Status = OfMessage(message);
        message.LastUpdatedTimestamp = now;
    }

    public static string DroppedBy(int ruleIndex, string? ruleName) =>
        string.IsNullOrEmpty(ruleName) ? $"Dropped by rule {ruleIndex + 1}" : $"Dropped by rule {ruleIndex + 1} ({ruleName})";

    private static (MessageStatus, string?) Of(string address, List<MessageAction> actions)
    {
        var relays = actions
            .Where(a => a.Type == RuleActionType.Relay && a.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (relays.Count == 0)
        {
            // Only a relay delivers (SES rule sets deliver nowhere implicitly), so a recipient no relay covers is dropped.
            var drop = actions.FirstOrDefault(a => a.Type == RuleActionType.Drop && a.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase));
            return (MessageStatus.Dropped, drop is null ? NotDelivered : DroppedBy(drop.RuleIndex, drop.RuleName));
        }

        if (relays.FirstOrDefault(a => a.Status == MessageActionStatus.Failed) is { } failed)
        {
            return (MessageStatus.Failed, LastReply(failed));
        }
        if (relays.All(a => a.Status == MessageActionStatus.Succeeded))
        {
            return (MessageStatus.Delivered, LastReply(relays[^1]));
        }
        var latest = relays.Where(a => a.Attempts.Count > 0).Select(LastReply).LastOrDefault();
        if (relays.Any(a => a.Status == MessageActionStatus.InProgress))
        {
            return (MessageStatus.Delivering, latest);
        }
        if (relays.Any(a => a.Status == MessageActionStatus.Retrying))
        {
            return (MessageStatus.Retrying, latest);
        }
        return (relays.Any(a => a.Attempts.Count > 0) ? MessageStatus.Delivering : MessageStatus.Queued, latest);
    }

    private static MessageStatus OfMessage(ReceivedMessage message)
    {
        var open = message.Actions.Where(a => a.Status is MessageActionStatus.Pending or MessageActionStatus.InProgress or MessageActionStatus.Retrying).ToList();
        if (open.Count > 0)
        {
            // Queued: accepted and planned, no delivery begun yet (waiting for a free delivery slot).
            if (open.All(a => a.Status == MessageActionStatus.Pending && a.Attempts.Count == 0))
            {
                return MessageStatus.Queued;
            }
            return open.Any(a => a.Status != MessageActionStatus.Retrying) ? MessageStatus.Delivering : MessageStatus.Retrying;
        }
        if (message.Recipients.Any(r => r.Status == MessageStatus.Failed))
        {
            return MessageStatus.Failed;
        }
        return message.Recipients.Any(r => r.Status == MessageStatus.Delivered) ? MessageStatus.Delivered : MessageStatus.Dropped;
    }

    private static string? LastReply(MessageAction action) => action.Attempts.Count == 0 ? null : action.Attempts[^1].Reply;
}
