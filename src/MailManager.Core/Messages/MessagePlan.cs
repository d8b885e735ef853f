using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Conditions;

namespace MailManager.Core.Messages;

/// <summary>
/// Turns a rule set's decision into a message's action rows: actions that only change the plan (Drop, AddHeader,
/// ReplaceRecipient) are done at once, actions that run outside wait for the deliverer. Used when a message is accepted
/// and, for a message accepted without a plan, by the processor.
/// </summary>
public static class MessagePlan
{
    /// <summary>
    /// The plan of a message under a rule set (none: every recipient is left undelivered); its actions give up
    /// <paramref name="retryLifetime"/> after the message was received unless the action has its own.
    /// </summary>
    public static MessageProcessingEvaluation Evaluate(
        ReceivedMessage message, CompiledRuleSet? ruleSet, MessageFacts? facts, string? headers, string? subject, TimeSpan retryLifetime)
    {
        var recipients = message.Recipients.Select(r => r.Address).ToList();
        var evaluation = ruleSet is null ? RuleSetEvaluation.None : ruleSet.Evaluate(facts, recipients);
        return new MessageProcessingEvaluation(message.MessageId, ruleSet?.RuleSet.RuleSetId ?? message.RuleSetId, headers, subject, evaluation, retryLifetime);
    }

    /// <summary>Whether the rule set has not run over this message yet.</summary>
    public static bool IsUnplanned(ReceivedMessage message) => message.Status == MessageStatus.Queued && message.Actions.Count == 0 && message.RuleMatches.Count == 0;

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
        message.RuleMatches = [.. evaluation.Evaluation.Rules];
        foreach (var planned in evaluation.Evaluation.Actions)
        {
            var kind = planned.Action.Kind!;
            var outside = planned.RunsOutside;
            message.Actions.Add(new MessageAction
            {
                MessageId = message.MessageId,
                RuleIndex = planned.RuleIndex,
                RuleName = planned.RuleName,
                ActionIndex = planned.ActionIndex,
                Type = kind.Type,
                Definition = planned.Action,
                Recipients = [.. planned.Recipients],
                Origins = planned.Origins?.ToDictionary(o => o.Key, o => o.Value.ToList(), StringComparer.OrdinalIgnoreCase),
                AddedHeaders = [.. planned.Headers],
                // What only changes the plan is carried out by recording it; the rest waits for the deliverer.
                Status = outside ? MessageActionStatus.Pending : MessageActionStatus.Succeeded,
                NextAttemptTimestamp = outside ? now : null,
                ExpiresTimestamp = outside ? message.ReceivedTimestamp + (kind.RetryLifetime(planned.Action) ?? evaluation.RetryLifetime) : now,
            });
        }
        MessageActionOrder.Release(message, now);
        MessageProcessingStatus.Recompute(message, now);
        return true;
    }
}
