using MailManager.Core.Messages;
using MailManager.Core.RuleSets;
using MailManager.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Messages;

/// <summary>
/// The reads and writes of message processing and relay delivery. Every change is one short transaction that
/// reloads the message, changes its actions and recomputes its statuses: two deliveries of the same message can
/// finish at once, and SQLite's write lock (BEGIN IMMEDIATE) makes the second see the first's result.
/// </summary>
public sealed class MessageProcessingStore(
    IDbContextFactory<MailManagerDbContext> dbFactory, SqliteConnections connections, DeliveryHandoff handoff, TimeProvider time)
{
    /// <summary>
    /// Puts relay actions left InProgress by a process that stopped mid-delivery back in the queue. Called once at
    /// start, before anything is claimed. The downstream may have accepted the message already: delivery is at least once.
    /// </summary>
    public async Task<int> ResumeInterruptedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var actions = await db.MessageActions.Where(a => a.Status == MessageActionStatus.InProgress).ToListAsync(ct);
        var now = time.GetUtcNow();
        foreach (var action in actions)
        {
            action.Status = MessageActionStatus.Pending;
            action.NextAttemptTimestamp = now;
        }
        foreach (var messageId in actions.Select(a => a.MessageId).Distinct())
        {
            MessageProcessingStatus.Recompute(await LoadAsync(db, messageId, ct), now);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        handoff.MarkQueued();
        return actions.Count;
    }

    /// <summary>
    /// Queued messages the rule set has not run over yet, oldest first, with their recipients. Messages are planned
    /// when they are accepted, so these are only those accepted without a plan (their rule set could not be read).
    /// </summary>
    public async Task<IReadOnlyList<ReceivedMessage>> ListQueuedAsync(int max, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Messages.AsNoTracking()
            .Where(m => m.Status == MessageStatus.Queued && !m.Actions.Any())
            .OrderBy(m => m.ReceivedTimestamp)
            .Take(max)
            .Include(m => m.Recipients)
            .ToListAsync(ct);
    }

    /// <summary>
    /// The rule set recorded on the message when it was accepted or, when there is none (or it has been deleted
    /// since), the one its ingress endpoint uses now. Null when neither exists.
    /// </summary>
    public async Task<RuleSet?> FindRuleSetAsync(string? ruleSetId, string ingressPointId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (ruleSetId is not null && await db.RuleSets.AsNoTracking().FirstOrDefaultAsync(r => r.RuleSetId == ruleSetId, ct) is { } recorded)
        {
            return recorded;
        }
        var current = await db.IngressPoints.Where(p => p.IngressPointId == ingressPointId).Select(p => p.RuleSetId).FirstOrDefaultAsync(ct);
        return current is null ? null : await db.RuleSets.AsNoTracking().FirstOrDefaultAsync(r => r.RuleSetId == current, ct);
    }

    /// <summary>
    /// Records what the rule set decided: one action row per planned action (Drop rows are done at once, relay rows
    /// wait in the queue), the headers and subject, and the resulting statuses. Returns whether the message is
    /// already finished (nothing to relay), in which case its spool file can go.
    /// </summary>
    public async Task<bool> SaveEvaluationAsync(MessageProcessingEvaluation evaluation, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var message = await LoadAsync(db, evaluation.MessageId, ct);
        if (!MessagePlan.Apply(message, evaluation, time.GetUtcNow()))
        {
            return message.IsFinished;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        handoff.MarkQueued();
        return message.IsFinished;
    }

    /// <summary>
    /// <see cref="SaveEvaluationAsync"/> for several messages in one transaction: per-message transactions cost more
    /// than the evaluation itself under load. All or nothing: on an error none is saved. Returns the ids of the
    /// messages that are already finished, whose spool files can go.
    /// </summary>
    public async Task<IReadOnlySet<string>> SaveEvaluationsAsync(IReadOnlyList<MessageProcessingEvaluation> evaluations, CancellationToken ct = default)
    {
        var finished = new HashSet<string>(StringComparer.Ordinal);
        if (evaluations.Count == 0)
        {
            return finished;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var messages = await LoadManyAsync(db, evaluations.Select(e => e.MessageId), ct);
        var now = time.GetUtcNow();
        foreach (var evaluation in evaluations)
        {
            var message = messages.GetValueOrDefault(evaluation.MessageId)
                ?? throw new InvalidOperationException($"Message {evaluation.MessageId} no longer exists.");
            MessagePlan.Apply(message, evaluation, now);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        handoff.MarkQueued();
        foreach (var evaluation in evaluations)
        {
            if (messages[evaluation.MessageId].IsFinished)
            {
                finished.Add(evaluation.MessageId);
            }
        }
        return finished;
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> relay actions that are due (Pending, or Retrying whose next attempt has
    /// come), oldest due first, by marking them InProgress and their messages Delivering. Three prepared statements
    /// (<see cref="MessageQueueRows"/>), no loading of messages and no fsync (see <see cref="RelaxedDurability"/>):
    /// this runs for every delivery.
    /// Recipients keep their status until the attempt's outcome is recorded.
    /// </summary>
    public async Task<IReadOnlyList<MessageProcessingDelivery>> ClaimDueAsync(int max, CancellationToken ct = default)
    {
        if (max <= 0)
        {
            return [];
        }
        return await connections.WriteGate.RunAsync<IReadOnlyList<MessageProcessingDelivery>>(urgent: false, async gate =>
        {
            await using var relaxed = await RelaxedDurability.EnterAsync(gate, ct);
            await using var transaction = SqliteWriteTransaction.Begin(gate.Connection);
            var now = time.GetUtcNow();
            // Read before the query: Pending actions written after it raise the version again.
            var version = handoff.QueuedVersion;
            var due = await MessageQueueRows.SelectDueAsync(transaction, max, now, ct);
            if (due.Count < max)
            {
                handoff.ClearQueued(version);
            }
            if (due.Count == 0)
            {
                return [];
            }
            await MessageQueueRows.MarkInProgressAsync(transaction, due, now, ct);
            await transaction.CommitAsync(ct);
            return due;
        }, ct);
    }

    /// <summary>A message's record with its recipients, for an action that needs more than its claim (a webhook, a notice).</summary>
    public async Task<ReceivedMessage?> GetMessageAsync(string messageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Messages.AsNoTracking().Include(m => m.Recipients).AsSplitQuery().FirstOrDefaultAsync(m => m.MessageId == messageId, ct);
    }

    /// <summary>When the next relay action falls due: now for a Pending one; null when nothing waits.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default)
    {
        // On the hot path's connection: its page cache is current, a pooled one's is not.
        return await connections.WriteGate.RunAsync(urgent: false, gate => MessageQueueRows.NextDueAsync(gate.Connection, ct), ct);
    }

    /// <summary>
    /// Records attempts of claimed actions, in one transaction (attempts that finish together are written together; all
    /// or nothing: on an error none is saved). How each outcome settles its recipients is <see cref="MessageAttempts"/>;
    /// actions waiting behind one with ActionFailurePolicy DROP are then released (<see cref="MessageActionOrder"/>),
    /// and, when <paramref name="notices"/> is given, recipients that failed for good get a notice to the sender
    /// (<see cref="FailureNotices"/>) that is retried for that long. Returns the action ids whose message is now
    /// finished, in which case its spool file can go.
    /// </summary>
    public async Task<IReadOnlySet<long>> RecordAttemptsAsync(IReadOnlyList<MessageProcessingAttempt> attempts, TimeSpan? notices = null, CancellationToken ct = default)
    {
        if (attempts.Count == 0)
        {
            return new HashSet<long>();
        }
        foreach (var attempt in attempts)
        {
            ArgumentOutOfRangeException.ThrowIfZero(attempt.Outcomes.Count);
        }
        return await connections.WriteGate.RunAsync(urgent: false, gate => RecordAsync(gate.Connection, attempts, notices, ct), ct);
    }

    private async Task<IReadOnlySet<long>> RecordAsync(
        SqliteConnection connection, IReadOnlyList<MessageProcessingAttempt> attempts, TimeSpan? notices, CancellationToken ct)
    {
        var finishedActions = new HashSet<long>();
        await using var transaction = SqliteWriteTransaction.Begin(connection);
        var messages = await MessageStateRows.LoadAsync(transaction, attempts.Select(a => a.MessageId), ct);
        var now = time.GetUtcNow();
        var byAction = new List<(long ActionId, ReceivedMessage Message)>(attempts.Count);
        foreach (var attempt in attempts)
        {
            var message = messages.GetValueOrDefault(attempt.MessageId)
                ?? throw new InvalidOperationException($"Message {attempt.MessageId} no longer exists.");
            var action = message.Actions.SingleOrDefault(a => a.Id == attempt.ActionId)
                ?? throw new InvalidOperationException($"Message action {attempt.ActionId} no longer exists.");
            MessageAttempts.Record(message, action, attempt.Outcomes, now, attempt.RetryAt);
            byAction.Add((attempt.ActionId, message));
        }
        foreach (var message in byAction.Select(b => b.Message).Distinct())
        {
            MessageActionOrder.Release(message, now);
            MessageProcessingStatus.Recompute(message, now);
            if (notices is { } lifetime)
            {
                FailureNotices.Add(message, now, lifetime);
            }
        }
        await MessageStateRows.SaveAsync(transaction, byAction.Select(b => b.Message).Distinct(), ct);
        await transaction.CommitAsync(ct);
        // Retries, released actions and notices to senders wait in the queue for a claim.
        if (byAction.Any(b => b.Message.Actions.Any(a => a.Status is MessageActionStatus.Pending or MessageActionStatus.Retrying)))
        {
            handoff.MarkQueued();
        }
        foreach (var (actionId, message) in byAction)
        {
            if (message.IsFinished)
            {
                finishedActions.Add(actionId);
            }
        }
        return finishedActions;
    }

    /// <summary>
    /// Puts a claimed action back in the queue without counting an attempt: delivery was interrupted by shutdown,
    /// not by the downstream.
    /// </summary>
    public async Task ReleaseAsync(long actionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var messageId = await db.MessageActions.Where(a => a.Id == actionId && a.Status == MessageActionStatus.InProgress)
            .Select(a => a.MessageId).FirstOrDefaultAsync(ct);
        if (messageId is null)
        {
            return;
        }
        var message = await LoadAsync(db, messageId, ct);
        var action = message.Actions.Single(a => a.Id == actionId);
        var now = time.GetUtcNow();
        action.Status = MessageActionStatus.Pending;
        action.NextAttemptTimestamp = now;
        MessageProcessingStatus.Recompute(message, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        handoff.MarkQueued();
    }

    /// <summary>Which of these messages are finished: their spool files are no longer needed.</summary>
    public async Task<IReadOnlyList<string>> ListFinishedAsync(IReadOnlyCollection<string> messageIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var finished = new List<string>();
        // Chunked: SQLite limits the number of parameters of one statement.
        foreach (var chunk in messageIds.Chunk(500))
        {
            finished.AddRange(await db.Messages
                .Where(m => chunk.Contains(m.MessageId)
                    && (m.Status == MessageStatus.Delivered || m.Status == MessageStatus.Dropped || m.Status == MessageStatus.Failed))
                .Select(m => m.MessageId)
                .ToListAsync(ct));
        }
        return finished;
    }

    /// <summary>Like <see cref="LoadAsync"/> for several messages in one query; missing ones are simply absent.</summary>
    private static async Task<Dictionary<string, ReceivedMessage>> LoadManyAsync(MailManagerDbContext db, IEnumerable<string> messageIds, CancellationToken ct)
    {
        var loaded = new Dictionary<string, ReceivedMessage>(StringComparer.Ordinal);
        // Chunked: SQLite limits the number of parameters of one statement.
        foreach (var chunk in messageIds.Distinct().Chunk(500))
        {
            foreach (var message in await db.Messages
                .Include(m => m.Recipients)
                .Include(m => m.Actions)
                .AsSplitQuery()
                .Where(m => chunk.Contains(m.MessageId))
                .ToListAsync(ct))
            {
                loaded[message.MessageId] = message;
            }
        }
        return loaded;
    }

    private static async Task<ReceivedMessage> LoadAsync(MailManagerDbContext db, string messageId, CancellationToken ct) =>
        await db.Messages
            .Include(m => m.Recipients)
            .Include(m => m.Actions)
            .AsSplitQuery()
            .FirstOrDefaultAsync(m => m.MessageId == messageId, ct)
        ?? throw new InvalidOperationException($"Message {messageId} no longer exists.");
}
