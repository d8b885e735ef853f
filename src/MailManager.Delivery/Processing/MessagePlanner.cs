using MailManager.Core.Messages;
using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Conditions;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Processing;

/// <summary>
/// Runs a rule set over a message's recipients (<see cref="MessagePlan.Evaluate"/>) with delivery's retry lifetime.
/// Ingress plans a message as it accepts it through <see cref="IMessagePlanner"/>; the processor plans what was
/// accepted without one.
/// </summary>
public sealed class MessagePlanner(IOptions<DeliveryOptions> options, TimeProvider time) : IMessagePlanner
{
    public MessageProcessingEvaluation Evaluate(ReceivedMessage message, CompiledRuleSet? ruleSet, MessageFacts? facts, string? headers, string? subject) =>
        MessagePlan.Evaluate(message, ruleSet, facts, headers, subject, options.Value.RetryLifetime);

    public void PlanAccepted(ReceivedMessage message, CompiledRuleSet ruleSet, MessageFacts? facts) =>
        MessagePlan.Apply(message, Evaluate(message, ruleSet, facts, message.Headers, message.Subject), time.GetUtcNow());
}
