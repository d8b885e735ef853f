using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;

namespace MailManager.Delivery.Actions;

/// <summary>SES WriteToS3, here the raw message and a JSON sidecar written atomically under the folder root.</summary>
public sealed class WriteToS3Executor(FolderWriter writer) : IActionExecutor
{
    public RuleActionType Type => RuleActionType.WriteToS3;

    public async Task<IReadOnlyList<MessageProcessingOutcome>> ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var action = run.Definition?.WriteToS3 ?? throw new InvalidOperationException($"Action {run.Delivery.ActionId} is not a WriteToS3 action.");
        var message = await run.LoadMessageAsync(ct);
        if (message is null)
        {
            return ActionMessages.All(run, DeliveryOutcome.PermanentFailure, "The message no longer exists");
        }
        if (!run.TryOpenContent(out var content))
        {
            return ActionMessages.All(run, DeliveryOutcome.PermanentFailure, ActionRun.MissingFile);
        }
        await using (content)
        {
            return await WriteAsync(run, message, action, content, ct);
        }
    }

    private async Task<IReadOnlyList<MessageProcessingOutcome>> WriteAsync(ActionRun run, ReceivedMessage message, WriteToS3Action action, Stream content, CancellationToken ct)
    {
        try
        {
            var path = await writer.WriteAsync(ActionMessages.Of(run, message), action.S3Bucket, action.S3Prefix, content, ct);
            return ActionMessages.All(run, DeliveryOutcome.Delivered, $"Written to {Path.GetRelativePath(writer.Root, path)}");
        }
        catch (ArgumentException ex)
        {
            // A folder the root refuses will not become acceptable by waiting.
            return ActionMessages.All(run, DeliveryOutcome.PermanentFailure, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full disk or a permission the administrator can fix within the retry lifetime.
            return ActionMessages.All(run, DeliveryOutcome.TemporaryFailure, $"Could not write to the folder: {ex.Message}");
        }
    }
}
