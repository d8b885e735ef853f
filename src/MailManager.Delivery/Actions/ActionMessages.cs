using MailManager.Core.Messages;

namespace MailManager.Delivery.Actions;

/// <summary>The facts of a claimed action and its message that folders and webhooks carry.</summary>
internal static class ActionMessages
{
    public static ActionMessage Of(ActionRun run, ReceivedMessage message) => new(
        message.MessageId, message.ReceivedTimestamp, message.IngressPointId, message.IngressPointName, message.SourceIp, message.HeloName,
        message.TlsProtocol, message.MailFrom, run.Delivery.Recipients, message.SizeBytes, message.RuleSetId, RuleSetName: null,
        run.Delivery.RuleIndex, run.Delivery.RuleName, run.Delivery.ActionIndex);

    /// <summary>Every recipient of the attempt with the same outcome.</summary>
    public static IReadOnlyList<MessageProcessingOutcome> All(ActionRun run, DeliveryOutcome outcome, string reply) =>
        [new(run.Delivery.Recipients, outcome, reply)];
}
