using MailManager.Core.RuleSets;

namespace MailManager.Core.Messages;

/// <summary>
/// Turns a rule set's decision into a message's action rows: Drop rows are done at once, relay rows wait for the
/// deliverer. Used when a message is accepted and, for a message accepted without a plan, by the processor.
/// </summary>
public static class MessagePlan
{
    /// <summary>
    /// The plan of a message under a rule set (none: every recipient is left undelivered); its relay actions give up
    /// <paramref name="retryLifetime"/> after the message was received.
    /// </summary>
    public static MessageProcessingEvaluation Evaluate(ReceivedMessage message, RuleSet? ruleSet, string? headers, string? subject, TimeSpan retryLifetime)
    {
        var recipients = message.Recipients.Select(r => r.Address).ToList();
        var evaluation = ruleSet is null ? new RuleSetEvaluation([], [], recipients) : RuleSetEvaluator.Evaluate(ruleSet, recipients);
        return new MessageProcessingEvaluation(message.MessageId, ruleSet?.RuleSetId ?? message.RuleSetId, headers, subject, evaluation, message.ReceivedTimestamp + retryLifetime);
    }

    /// <summary>Whether the rule set has not run over this message yet.</summary>
    public static bool IsUnplanned(ReceivedMessage message) => message.Status == MessageStatus.Queued && message.Actions.Count == 0;

    /// <summary>Adds the planned action rows and sets the statuses; false (and no change) when it was planned before.</summary>
    public static bool Apply(ReceivedMessage message, MessageProcessingEvaluation evaluation, DateTimeOffset now)
    {
        if (!IsUnplanned(message))
        {
            // Already processed (a second processor, or a retry after a lost commit reply): never plan twice.
            return false;
        }

        message.RuleSetId = evaluation.RuleSetId;
        message.Headers = evaluation.Headers;
        message.Subject = evaluation.Subject;
        foreach (var planned in evaluation.Evaluation.Actions)
        {
            var isRelay = planned.Action.Type == RuleActionType.Relay;
            message.Actions.Add(new MessageAction
            {
                MessageId = message.MessageId,
                RuleIndex = planned.RuleIndex,
                RuleName = planned.RuleName,
                ActionIndex = planned.ActionIndex,
                Type = planned.Action.Type,
                RelayId = planned.Action.RelayId,
                MailFrom = isRelay ? planned.Action.MailFrom ?? MailFrom.Preserve : null,
                Recipients = [.. planned.Recipients],
                // A Drop is carried out by recording it; a relay waits for the deliverer.
                Status = isRelay ? MessageActionStatus.Pending : MessageActionStatus.Succeeded,
                NextAttemptTimestamp = isRelay ? now : null,
                ExpiresTimestamp = isRelay ? evaluation.ExpiresTimestamp : now,
            });
        }
        MessageProcessingStatus.Recompute(message, now);
        return true;
    }
}
