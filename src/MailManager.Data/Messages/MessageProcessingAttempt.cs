using MailManager.Core.Messages;

namespace MailManager.Data.Messages;

/// <summary>One finished attempt of a claimed relay action, to record (see <see cref="MessageProcessingStore.RecordAttemptsAsync"/>).</summary>
/// <param name="MessageId">The action's message, as claimed: recording needs no lookup to find it.</param>
/// <param name="RetryAt">When a temporary failure is tried again (capped at the action's expiry).</param>
public sealed record MessageProcessingAttempt(long ActionId, string MessageId, IReadOnlyList<MessageProcessingOutcome> Outcomes, DateTimeOffset RetryAt);
