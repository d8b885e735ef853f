using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;
using MailManager.Delivery.Relays;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Actions;

/// <summary>SES Relay: the message, with the headers added before it, to the relay's server with MailKit.</summary>
public sealed class RelayActionExecutor(RelayDeliverer deliverer, IOptions<DeliveryOptions> options) : IActionExecutor
{
    public RuleActionType Type => RuleActionType.Relay;

    public async Task<IReadOnlyList<MessageProcessingOutcome>> ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var action = run.Definition?.Relay ?? throw new InvalidOperationException($"Action {run.Delivery.ActionId} is not a relay action.");
        var mailFrom = action.MailFrom == MailFrom.Replace ? options.Value.ReplacementMailFrom : run.Delivery.EnvelopeFrom;
        return await RelaySend.SendAsync(deliverer, run, action.Relay, mailFrom, run.Delivery.Recipients, run.OpenContent, ct);
    }
}
