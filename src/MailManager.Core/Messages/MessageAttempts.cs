namespace MailManager.Core.Messages;

/// <summary>
/// How an attempt at an action that runs outside settles it: each outcome settles its recipients (delivered, failed for
/// good, or waiting until the retry time); a temporary failure at or after the action's expiry fails for good. When
/// outcomes differ, the action is split so each row holds the recipients that share a fate.
/// </summary>
public static class MessageAttempts
{
    /// <summary>Records the outcomes on the action (adding split rows to the message), without recomputing statuses.</summary>
    public static void Record(ReceivedMessage message, MessageAction action, IReadOnlyList<MessageProcessingOutcome> outcomes, DateTimeOffset now, DateTimeOffset retryAt)
    {
        ArgumentOutOfRangeException.ThrowIfZero(outcomes.Count);
        var previous = action.Attempts.Select(Copy).ToList();
        // Taken before the first outcome narrows the action to its own recipients.
        var origins = action.Origins;
        var attemptCount = action.AttemptCount + 1;
        for (var i = 0; i < outcomes.Count; i++)
        {
            var target = i == 0 ? action : Split(action, previous, origins);
            if (i > 0)
            {
                message.Actions.Add(target);
            }
            Settle(target, outcomes[i], attemptCount, now, retryAt);
        }
    }

    private static void Settle(MessageAction action, MessageProcessingOutcome outcome, int attemptCount, DateTimeOffset now, DateTimeOffset retryAt)
    {
        var expired = outcome.Outcome == DeliveryOutcome.TemporaryFailure && now >= action.ExpiresTimestamp;
        var origins = action.Origins;
        action.Recipients = [.. outcome.Recipients];
        // A split row keeps only the origins of its own recipients.
        action.Origins = origins?.Where(o => action.Recipients.Contains(o.Key, StringComparer.OrdinalIgnoreCase))
            .ToDictionary(o => o.Key, o => o.Value, StringComparer.OrdinalIgnoreCase);
        action.AttemptCount = attemptCount;
        action.Attempts.Add(new DeliveryAttempt
        {
            Timestamp = now,
            Outcome = outcome.Outcome,
            // The last word on an expired action says why it stopped, not only what the server said last.
            Reply = expired ? $"Retry lifetime expired: {outcome.Reply}" : outcome.Reply,
        });
        (action.Status, action.NextAttemptTimestamp) = outcome.Outcome switch
        {
            DeliveryOutcome.Delivered => (MessageActionStatus.Succeeded, (DateTimeOffset?)null),
            DeliveryOutcome.TemporaryFailure when !expired =>
                // The last try happens at the expiry at the latest, never after it.
                (MessageActionStatus.Retrying, retryAt < action.ExpiresTimestamp ? retryAt : action.ExpiresTimestamp),
            _ => (MessageActionStatus.Failed, null),
        };
    }

    private static MessageAction Split(MessageAction action, List<DeliveryAttempt> previous, Dictionary<string, List<string>>? origins) => new()
    {
        MessageId = action.MessageId,
        RuleIndex = action.RuleIndex,
        RuleName = action.RuleName,
        ActionIndex = action.ActionIndex,
        Type = action.Type,
        Definition = action.Definition,
        Origins = origins,
        AddedHeaders = action.AddedHeaders,
        ExpiresTimestamp = action.ExpiresTimestamp,
        Attempts = previous.Select(Copy).ToList(),
    };

    private static DeliveryAttempt Copy(DeliveryAttempt attempt) =>
        new() { Timestamp = attempt.Timestamp, Outcome = attempt.Outcome, Reply = attempt.Reply };
}
