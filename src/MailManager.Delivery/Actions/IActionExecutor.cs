using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;

namespace MailManager.Delivery.Actions;

/// <summary>
/// Carries out one kind of action that runs outside (<see cref="RuleActionKind.RunsOutside"/>): one attempt for the
/// claimed recipients. Never throws for what the far side or the network does: every recipient comes back with an
/// outcome (delivered, temporary failure to retry with backoff, permanent failure) and the reply or error to log.
/// Registered in the service collection; <see cref="ActionExecutors"/> finds it by <see cref="Type"/>.
/// </summary>
public interface IActionExecutor
{
    RuleActionType Type { get; }

    Task<IReadOnlyList<MessageProcessingOutcome>> ExecuteAsync(ActionRun run, CancellationToken ct);
}
