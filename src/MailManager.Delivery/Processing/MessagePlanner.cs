using MailManager.Core.Messages;
using MailManager.Core.RuleSets;
using MailManager.Data.Messages;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Processing;

/// <summary>
/// Runs a rule set over a message's recipients and states the plan with its retry deadline. Ingress plans a
/// message as it accepts it, in the same commit as the message itself, so the deliverer can start at once; the
/// processor plans what was accepted without one.
/// </summary>
public sealed class MessagePlanner(IOptions<DeliveryOptions> options, TimeProvider time)
{
    /// <summary>The plan of a message under a rule set (none: every recipient is left undelivered).</summary>
    public MessageProcessingEvaluation Evaluate(ReceivedMessage message, RuleSet? ruleSet, string? headers, string? subject)
    {
        var recipients = message.Recipients.Select(r => r.Address).ToList();
        var evaluation = ruleSet is null ? new RuleSetEvaluation([], [], recipients) : RuleSetEvaluator.Evaluate(ruleSet, recipients);
        var expires = message.ReceivedTimestamp + options.Value.RetryLifetime;
        return new MessageProcessingEvaluation(message.MessageId, ruleSet?.RuleSetId ?? message.RuleSetId, headers, subject, evaluation, expires);
    }

    /// <summary>Plans a message that is being accepted: its action rows are committed together with it.</summary>
    public void PlanAccepted(ReceivedMessage message, RuleSet ruleSet) =>
        MessagePlan.Apply(message, Evaluate(message, ruleSet, message.Headers, message.Subject), time.GetUtcNow());
}
