using MailManager.Core.RuleSets.Actions;

namespace MailManager.Core.Messages;

/// <summary>
/// Derives where each recipient and the message stand from the message's actions, so the statuses are never stored in
/// a way that can disagree with the actions they summarise. A recipient is delivered when every delivering action for
/// it (or for what a rewrite made of it) succeeded; without one it was dropped, bounced, or delivered nowhere (SES rule
/// sets deliver nowhere implicitly). The gateway's own notices to senders do not change where recipients stand.
/// </summary>
public static class MessageProcessingStatus
{
    public const string NotDelivered = "No rule action delivered it";

    public const string SkippedAfterFailure = "Dropped: an earlier action with ActionFailurePolicy DROP failed";

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

    public static string DroppedBy(int ruleIndex, string? ruleName) => $"Dropped by {RuleText(ruleIndex, ruleName)}";

    public static string BouncedBy(int ruleIndex, string? ruleName) => $"Bounced by {RuleText(ruleIndex, ruleName)}";

    private static string RuleText(int ruleIndex, string? ruleName) =>
        string.IsNullOrEmpty(ruleName) ? $"rule {ruleIndex + 1}" : $"rule {ruleIndex + 1} ({ruleName})";

    private static (MessageStatus, string?) Of(string address, List<MessageAction> actions)
    {
        var mine = actions.Where(a => a.Kind is not null && a.Status != MessageActionStatus.Skipped && a.Concerns(address)).ToList();
        var delivering = mine.Where(a => a.Kind!.Delivers).ToList();
        if (delivering.Count > 0)
        {
            return Progress(delivering, MessageStatus.Delivered);
        }
        if (mine.FirstOrDefault(a => a.Kind!.RunsOutside && a.Kind.Finishes) is { } bounce)
        {
            // Bounced recipients are finished as a drop is, once the notice is out.
            var (status, detail) = Progress([bounce], MessageStatus.Dropped);
            return status == MessageStatus.Dropped ? (status, $"{BouncedBy(bounce.RuleIndex, bounce.RuleName)}: {detail}") : (status, detail);
        }
        if (mine.FirstOrDefault(a => a.Kind!.Finishes) is { } drop)
        {
            return (MessageStatus.Dropped, DroppedBy(drop.RuleIndex, drop.RuleName));
        }
        var skipped = actions.Any(a => a.Status == MessageActionStatus.Skipped && a.Concerns(address))
            || actions.Any(a => a.Status == MessageActionStatus.Failed && a.Kind is { } k && a.Definition is { } d
                && k.FailurePolicy(d) == ActionFailurePolicy.Drop && a.Concerns(address));
        return (MessageStatus.Dropped, skipped ? SkippedAfterFailure : NotDelivered);
    }

    /// <summary>
    /// Where a recipient stands from the actions that carry it: in progress while one is open; then done when one
    /// succeeded (a relay that delivered is not undone by an archive copy that failed: the detail says so), failed
    /// when every one failed.
    /// </summary>
    private static (MessageStatus, string?) Progress(List<MessageAction> actions, MessageStatus done)
    {
        var latest = actions.Where(a => a.Attempts.Count > 0).Select(LastReply).LastOrDefault();
        if (actions.Any(a => a.Status == MessageActionStatus.InProgress))
        {
            return (MessageStatus.Delivering, latest);
        }
        if (actions.Any(a => a.Status == MessageActionStatus.Retrying))
        {
            return (MessageStatus.Retrying, latest);
        }
        if (actions.Any(a => a.Status is MessageActionStatus.Pending or MessageActionStatus.Waiting))
        {
            return (actions.Any(a => a.Attempts.Count > 0) ? MessageStatus.Delivering : MessageStatus.Queued, latest);
        }
        var succeeded = actions.LastOrDefault(a => a.Status == MessageActionStatus.Succeeded);
        var failed = actions.FirstOrDefault(a => a.Status == MessageActionStatus.Failed);
        if (succeeded is null)
        {
            return (MessageStatus.Failed, failed is null ? null : LastReply(failed));
        }
        return failed is null
            ? (done, LastReply(succeeded))
            : (done, $"{LastReply(succeeded)} (action {failed.ActionIndex + 1} of rule {failed.RuleIndex + 1} failed: {LastReply(failed)})");
    }

    private static MessageStatus OfMessage(ReceivedMessage message)
    {
        var open = message.Actions.Where(a => a.Kind is not null && a.IsOpen).ToList();
        if (open.Count > 0)
        {
            // Queued: accepted and planned, no action begun yet (waiting for a free delivery slot).
            if (open.All(a => a.Status is MessageActionStatus.Pending or MessageActionStatus.Waiting && a.Attempts.Count == 0))
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
