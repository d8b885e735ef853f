using System.Text;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;

namespace MailManager.Delivery.Actions;

/// <summary>The webhook action (our PublishToSns / InvokeLambda): one signed POST per attempt; 5xx and network errors are retried.</summary>
public sealed class WebhookExecutor(WebhookPublisher publisher) : IActionExecutor
{
    public RuleActionType Type => RuleActionType.Webhook;

    public async Task<IReadOnlyList<MessageProcessingOutcome>> ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var action = run.Definition?.Webhook ?? throw new InvalidOperationException($"Action {run.Delivery.ActionId} is not a webhook action.");
        var message = await run.LoadMessageAsync(ct);
        if (message is null)
        {
            return ActionMessages.All(run, DeliveryOutcome.PermanentFailure, "The message no longer exists");
        }
        byte[]? key = null;
        if (action.SecretId is { } secretId)
        {
            var values = await run.Lookups.SecretValuesAsync(secretId);
            if (values is null || !values.TryGetValue(WebhookAction.SigningKeyName, out var signingKey))
            {
                // A configuration slip the administrator can fix within the retry lifetime.
                return ActionMessages.All(run, DeliveryOutcome.TemporaryFailure,
                    $"The webhook's secret no longer exists or has no '{WebhookAction.SigningKeyName}' value");
            }
            key = Encoding.UTF8.GetBytes(signingKey);
        }
        if (!run.TryOpenContent(out var content))
        {
            return ActionMessages.All(run, DeliveryOutcome.PermanentFailure, ActionRun.MissingFile);
        }
        await using (content)
        {
            var headers = ActionContent.HeaderLines(run.Delivery.AddedHeaders) + (message.Headers ?? "");
            var request = new WebhookRequest(action.Url, key, action.Encoding, action.PayloadType, ActionMessages.Of(run, message), headers, content);
            var result = await publisher.PublishAsync(request, ct);
            return ActionMessages.All(run, result.Outcome, result.Reply);
        }
    }
}
