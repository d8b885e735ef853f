using MailManager.Core.RuleSets.Actions;

namespace MailManager.Core.Messages;

/// <summary>
/// When an action may run. Actions run at once, in parallel, except after an action with ActionFailurePolicy DROP on
/// the same envelope recipients: they wait for it, because its failure drops those recipients from everything after it
/// (SES: "drop the message for those recipients, stopping further processing"). Recipients it failed for are taken out
/// of the waiting actions; one left with none is Skipped.
/// </summary>
public static class MessageActionOrder
{
    /// <summary>Sets each not-yet-started action Waiting, Pending or Skipped; call after planning and after each attempt.</summary>
    public static void Release(ReceivedMessage message, DateTimeOffset now)
    {
        var barriers = message.Actions
            .Where(a => a.Definition is { } d && a.Kind is { RunsOutside: true } kind && kind.FailurePolicy(d) == ActionFailurePolicy.Drop)
            .ToList();
        if (barriers.Count == 0)
        {
            return;
        }
        foreach (var action in message.Actions)
        {
            if (action is not { Status: MessageActionStatus.Waiting or MessageActionStatus.Pending, AttemptCount: 0, Kind.RunsOutside: true })
            {
                continue;
            }
            var envelope = action.EnvelopeRecipients.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var before = barriers.Where(b => b.Position.CompareTo(action.Position) < 0 && b.EnvelopeRecipients.Any(envelope.Contains)).ToList();
            if (before.Any(b => b.IsOpen))
            {
                action.Status = MessageActionStatus.Waiting;
                action.NextAttemptTimestamp = null;
                continue;
            }
            var failed = before.Where(b => b.Status == MessageActionStatus.Failed).SelectMany(b => b.EnvelopeRecipients)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (failed.Count > 0)
            {
                // A recipient goes on only if some envelope recipient it stands for did not fail.
                action.Recipients = action.Recipients
                    .Where(r => (action.Origins?.GetValueOrDefault(r) ?? [r]).Any(o => !failed.Contains(o)))
                    .ToList();
                action.Origins = action.Origins?.Where(o => action.Recipients.Contains(o.Key, StringComparer.OrdinalIgnoreCase))
                    .ToDictionary(o => o.Key, o => o.Value, StringComparer.OrdinalIgnoreCase);
            }
            if (action.Recipients.Count == 0)
            {
                action.Status = MessageActionStatus.Skipped;
                action.NextAttemptTimestamp = null;
            }
            else if (action.Status == MessageActionStatus.Waiting)
            {
                action.Status = MessageActionStatus.Pending;
                action.NextAttemptTimestamp = now;
                // Its retry time starts when it may start: the wait behind the other action does not use it up.
                var lifetime = action.ExpiresTimestamp - message.ReceivedTimestamp;
                if (now + lifetime > action.ExpiresTimestamp)
                {
                    action.ExpiresTimestamp = now + lifetime;
                }
            }
        }
    }
}
