using System.Collections.Concurrent;
using System.Threading.Channels;
using MailManager.Core.Messages;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Data;
using MailManager.Data.Messages;
using MailManager.Data.Relays;
using MailManager.Data.Secrets;
using MailManager.Core.RuleSets.Actions;
using MailManager.Data.AddressLists;
using MailManager.Delivery.Actions;
using MailManager.Delivery.Notifications;
using MailManager.Delivery.Relays;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Processing;

/// <summary>
/// Runs the rule set over every accepted message and carries out its relay actions, with retries. All state is in
/// the database and the spool, so a restart loses nothing: actions that were in flight are queued again and queued
/// messages are processed. Delivery is at least once: a message the relay accepted just before the process died
/// is sent again.
/// </summary>
public sealed partial class MessageProcessor(
    MessageProcessingStore store,
    MessageSpool spool,
    MessageCommitQueue commits,
    DeliveryHandoff handoff,
    RelayService relays,
    SecretService secrets,
    RelayDeliverer deliverer,
    ActionExecutors executors,
    AddressListMatchers addressLists,
    MessagePlanner planner,
    ConfigurationVersion configuration,
    IOptions<DeliveryOptions> options,
    IOptions<NotificationOptions> notifications,
    TimeProvider time,
    ILogger<MessageProcessor> logger) : BackgroundService
{
    private const int QueuedBatchSize = 100;

    // Outcomes waiting to be written by RecordAsync, and the lock whose holder writes them.
    private readonly ConcurrentQueue<PendingRecord> _records = new();
    private readonly SemaphoreSlim _recording = new(1, 1);

    // Used by the processing loop only.
    private ActionLookups? _lookups;

    // Whether queued messages without a plan may be waiting: at start, after a commit of one, and every poll interval.
    private bool _scanQueued = true;
    private DateTimeOffset _nextQueuedScan;

    // When a claim may find a Retrying action due although the queue has not changed: the first one's time, at most
    // a poll interval away. Used by the processing loop only.
    private DateTimeOffset _nextDueCheck;

    // One pending wake-up is enough: the loop looks at everything each time round.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        commits.Committed += OnCommitted;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        commits.Committed -= OnCommitted;
        handoff.Close();
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Makes the processor look for work now: new messages, or a free delivery slot.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Messages are planned as they are accepted, so a commit means work only when it holds an action to
    /// carry out, or a message accepted without a plan (its rule set could not be read) for the queued scan.
    /// Fully dropped messages need no round at all.
    /// </summary>
    private void OnCommitted(IReadOnlyList<ReceivedMessage> messages)
    {
        if (messages.Any(MessagePlan.IsUnplanned))
        {
            Volatile.Write(ref _scanQueued, true);
        }
        else if (!messages.Any(m => m.Actions.Any(a => a.Status is MessageActionStatus.Pending or MessageActionStatus.InProgress)))
        {
            return;
        }
        Wake();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Host start must not wait for the first round of database work.
        await Task.Yield();
        var settings = options.Value;
        var running = new List<Task>();
        var started = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    if (!started)
                    {
                        await StartUpAsync(stoppingToken);
                        started = true;
                    }
                    if (Volatile.Read(ref _scanQueued) || time.GetUtcNow() >= _nextQueuedScan)
                    {
                        // Cleared first: a commit during the scan sets it again for the next round.
                        Volatile.Write(ref _scanQueued, false);
                        _nextQueuedScan = time.GetUtcNow() + settings.PollInterval;
                        await ProcessQueuedAsync(stoppingToken);
                    }
                    running.RemoveAll(t => t.IsCompleted);
                    // Handed over at acceptance, their slots taken.
                    while (handoff.TryNext(out var handed))
                    {
                        running.Add(DeliverAsync(handed, CurrentLookups(stoppingToken), stoppingToken));
                    }
                    // The queue is read only when it changed or a Retrying action may have fallen due; at capacity a
                    // finishing delivery wakes the loop.
                    wait = !handoff.MayHaveQueued && time.GetUtcNow() < _nextDueCheck ? Until(_nextDueCheck)
                        : await ClaimAsync(running, stoppingToken) ? await NextWaitAsync(stoppingToken)
                        : settings.PollInterval;
                    deliverer.CloseIdleConnections();
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogRoundFailed(ex);
                    wait = settings.PollInterval;
                }
                await WaitAsync(wait, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Each delivery puts its action back in the queue when cancelled; wait so that is written before exit.
            await Task.WhenAll(running);
        }
    }

    /// <summary>Claims due actions from the queue for the free slots, and starts them; false when no slot is free.</summary>
    private async Task<bool> ClaimAsync(List<Task> running, CancellationToken ct)
    {
        var slots = handoff.Take(int.MaxValue);
        if (slots == 0)
        {
            return false;
        }
        IReadOnlyList<MessageProcessingDelivery> due;
        try
        {
            due = await store.ClaimDueAsync(slots, ct);
        }
        catch
        {
            handoff.Return(slots);
            throw;
        }
        handoff.Return(slots - due.Count);
        foreach (var delivery in due)
        {
            running.Add(DeliverAsync(delivery, CurrentLookups(ct), ct));
        }
        return true;
    }

    private async Task StartUpAsync(CancellationToken ct)
    {
        var resumed = await store.ResumeInterruptedAsync(ct);
        if (resumed > 0)
        {
            LogResumed(resumed);
        }
        // Only now: a handed-over action must not be one the resume above puts back in the queue.
        handoff.Open(options.Value.MaxConcurrentDeliveries);
        // A crash between marking a message finished and deleting its file leaves the file behind.
        var files = Directory.EnumerateFiles(spool.Folder, "*.eml").Select(f => Path.GetFileNameWithoutExtension(f)).ToList();
        foreach (var messageId in await store.ListFinishedAsync(files, ct))
        {
            DeleteSpoolFile(messageId);
        }
    }

    private async Task ProcessQueuedAsync(CancellationToken ct)
    {
        while (true)
        {
            var batch = await store.ListQueuedAsync(QueuedBatchSize, ct);
            var failed = !await ProcessBatchAsync(batch, ct);
            // A full batch means more may wait; a failure means the same messages would come back at once.
            if (batch.Count < QueuedBatchSize || failed)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Evaluates a batch of queued messages and saves all plans in one transaction; when that fails, saves them one
    /// by one so a single bad message does not hold back the others. Returns false when any message failed.
    /// </summary>
    private async Task<bool> ProcessBatchAsync(IReadOnlyList<ReceivedMessage> batch, CancellationToken ct)
    {
        var ok = true;
        // Rule sets are few and a batch is short-lived: one lookup per rule set instead of one per message.
        var ruleSets = new Dictionary<(string? RuleSetId, string IngressPointId), CompiledRuleSet?>();
        var planned = new List<Planned>(batch.Count);
        foreach (var message in batch)
        {
            try
            {
                planned.Add(await EvaluateAsync(message, ruleSets, ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // It stays Queued and is tried again next round; the others go on.
                LogProcessFailed(ex, message.MessageId);
                ok = false;
            }
        }
        if (planned.Count == 0)
        {
            return ok;
        }

        IReadOnlySet<string> finished;
        try
        {
            finished = await store.SaveEvaluationsAsync(planned.Select(p => p.Evaluation).ToList(), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogBatchSaveFailed(ex, planned.Count);
            foreach (var p in planned)
            {
                try
                {
                    var done = await store.SaveEvaluationAsync(p.Evaluation, ct);
                    Processed(p, done);
                }
                catch (Exception one) when (one is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    LogProcessFailed(one, p.Evaluation.MessageId);
                    ok = false;
                }
            }
            return ok;
        }
        foreach (var p in planned)
        {
            Processed(p, finished.Contains(p.Evaluation.MessageId));
        }
        return ok;
    }

    private void Processed(Planned planned, bool finished)
    {
        var evaluation = planned.Evaluation.Evaluation;
        LogProcessed(planned.Evaluation.MessageId, planned.RuleSetName, evaluation.Actions.Count(a => a.RunsOutside));
        if (finished)
        {
            DeleteSpoolFile(planned.Evaluation.MessageId);
        }
    }

    private async Task<Planned> EvaluateAsync(
        ReceivedMessage message, Dictionary<(string? RuleSetId, string IngressPointId), CompiledRuleSet?> ruleSets, CancellationToken ct)
    {
        var key = (message.RuleSetId, message.IngressPointId);
        if (!ruleSets.TryGetValue(key, out var ruleSet))
        {
            var found = await store.FindRuleSetAsync(message.RuleSetId, message.IngressPointId, ct);
            ruleSet = found is null ? null : CompiledRuleSet.Compile(found, await addressLists.GetAsync(found.ReferencedAddressListIds, ct));
            ruleSets[key] = ruleSet;
        }
        if (ruleSet is null)
        {
            LogNoRuleSet(message.MessageId, message.RuleSetId);
        }
        // Headers are normally captured at acceptance; only an older message has them read from its file.
        var (headers, subject) = message.Headers is null ? await ReadHeadersAsync(message.MessageId, ct) : (message.Headers, message.Subject);
        var facts = ruleSet is { NeedsFacts: true } ? MessageFactsReader.Read(message, headers) : null;
        return new Planned(planner.Evaluate(message, ruleSet, facts, headers, subject), ruleSet?.RuleSet.RuleSetName);
    }

    private sealed record Planned(MessageProcessingEvaluation Evaluation, string? RuleSetName);

    private async Task<(string? Headers, string? Subject)> ReadHeadersAsync(string messageId, CancellationToken ct)
    {
        try
        {
            await using var content = spool.OpenRead(messageId);
            var (headers, subject) = await MessageHeaderReader.ReadAsync(content, ct);
            return (headers.Length == 0 ? null : headers, subject);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The rule set still runs; a relay action then reports the missing file.
            LogSpoolUnreadable(ex, messageId);
            return (null, null);
        }
    }

    private async Task DeliverAsync(MessageProcessingDelivery delivery, ActionLookups lookups, CancellationToken ct)
    {
        try
        {
            var outcomes = await AttemptAsync(delivery, lookups, ct);
            var settings = options.Value;
            var retryAt = time.GetUtcNow() + RetrySchedule.Delay(delivery.AttemptNumber, settings.FirstRetryDelay, settings.MaxRetryDelay);
            // Not cancellable: once the relay has answered, its answer must be kept, shutdown or not.
            var finished = await RecordAsync(new MessageProcessingAttempt(delivery.ActionId, delivery.MessageId, outcomes, retryAt));
            foreach (var outcome in outcomes)
            {
                LogAttempt(delivery.MessageId, delivery.AttemptNumber, delivery.Type, outcome.Outcome, string.Join(", ", outcome.Recipients), outcome.Reply);
            }
            if (finished)
            {
                DeleteSpoolFile(delivery.MessageId);
            }
        }
        catch (Exception ex)
        {
            if (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogDeliveryFailed(ex, delivery.MessageId, delivery.ActionId);
            }
            await ReleaseAsync(delivery);
        }
        finally
        {
            handoff.Return(1);
            Wake();
        }
    }

    /// <summary>
    /// Saves an attempt's outcome, together with those of other deliveries that finish meanwhile: one transaction
    /// for the group instead of one each. Whoever holds the lock writes everything queued so far, so every attempt
    /// is saved before its call returns (and before its action can be claimed again). Not cancellable: once the
    /// relay has answered, its answer must be kept.
    /// </summary>
    private async Task<bool> RecordAsync(MessageProcessingAttempt attempt)
    {
        var pending = new PendingRecord(attempt, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        _records.Enqueue(pending);
        await _recording.WaitAsync(CancellationToken.None);
        try
        {
            // An earlier holder may already have written ours with its group.
            if (!pending.Finished.Task.IsCompleted)
            {
                await WriteQueuedRecordsAsync();
            }
        }
        finally
        {
            _recording.Release();
        }
        return await pending.Finished.Task;
    }

    private async Task WriteQueuedRecordsAsync()
    {
        var group = new List<PendingRecord>();
        while (_records.TryDequeue(out var next))
        {
            group.Add(next);
        }
        if (group.Count == 0)
        {
            return;
        }
        try
        {
            var finished = await store.RecordAttemptsAsync(group.Select(p => p.Attempt).ToList(), NoticeLifetime, CancellationToken.None);
            foreach (var p in group)
            {
                p.Finished.TrySetResult(finished.Contains(p.Attempt.ActionId));
            }
        }
        catch (Exception ex)
        {
            // One bad attempt must not take the others down: each alone, as before grouping.
            if (group.Count > 1)
            {
                LogGroupRecordFailed(ex, group.Count);
            }
            foreach (var p in group)
            {
                try
                {
                    p.Finished.TrySetResult((await store.RecordAttemptsAsync([p.Attempt], NoticeLifetime, CancellationToken.None)).Count > 0);
                }
                catch (Exception one)
                {
                    p.Finished.TrySetException(one);
                }
            }
        }
    }

    /// <summary>How long a notice to the sender of failed mail is retried; null when no notification relay is configured.</summary>
    private TimeSpan? NoticeLifetime => notifications.Value.Relay.Length > 0 ? options.Value.RetryLifetime : null;

    private sealed record PendingRecord(MessageProcessingAttempt Attempt, TaskCompletionSource<bool> Finished);

    private ActionLookups CurrentLookups(CancellationToken ct)
    {
        // Read the version first: a change saved during a lookup makes the next round look up again.
        var version = configuration.Current;
        if (_lookups is null || _lookups.Version != version || _lookups.HasFailed)
        {
            _lookups = new ActionLookups(version, relays, secrets, ct);
        }
        return _lookups;
    }

    private async Task<IReadOnlyList<MessageProcessingOutcome>> AttemptAsync(MessageProcessingDelivery delivery, ActionLookups lookups, CancellationToken ct)
    {
        try
        {
            var outcomes = await executors.For(delivery.Type).ExecuteAsync(new ActionRun(delivery, spool, store, lookups), ct);
            // Every recipient needs an outcome, or it would stay claimed with no answer.
            var answered = outcomes.SelectMany(o => o.Recipients).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var unanswered = delivery.Recipients.Where(r => !answered.Contains(r)).ToList();
            return unanswered.Count == 0 ? outcomes
                : [.. outcomes, new(unanswered, DeliveryOutcome.TemporaryFailure, "Internal error: the action gave no outcome for these recipients")];
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Recorded as a temporary failure so that the backoff applies instead of an immediate retry loop.
            LogDeliveryFailed(ex, delivery.MessageId, delivery.ActionId);
            return [new(delivery.Recipients, DeliveryOutcome.TemporaryFailure, $"Internal error: {ex.Message}")];
        }
    }

    private async Task ReleaseAsync(MessageProcessingDelivery delivery)
    {
        try
        {
            await store.ReleaseAsync(delivery.ActionId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Left InProgress: the next start queues it again.
            LogDeliveryFailed(ex, delivery.MessageId, delivery.ActionId);
        }
    }

    /// <summary>How long until the next claim: until the first Retrying action falls due, at most a poll interval.</summary>
    private async Task<TimeSpan> NextWaitAsync(CancellationToken ct)
    {
        var poll = options.Value.PollInterval;
        var now = time.GetUtcNow();
        var next = await store.NextDueAsync(ct);
        _nextDueCheck = next is { } due && due < now + poll ? due : now + poll;
        return Until(_nextDueCheck);
    }

    private TimeSpan Until(DateTimeOffset when)
    {
        var wait = when - time.GetUtcNow();
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            _wake.Reader.TryRead(out _);
            return;
        }
        using var timeout = new CancellationTokenSource(wait, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await _wake.Reader.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void DeleteSpoolFile(string messageId)
    {
        try
        {
            spool.Delete(messageId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Harmless: the next start removes files of finished messages.
            LogSpoolDeleteFailed(ex, messageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} relay deliveries again that were in progress when the process stopped")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Processed message {MessageId} with rule set {RuleSetName}: {Actions} actions to carry out")]
    private partial void LogProcessed(string messageId, string? ruleSetName, int actions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: rule set {RuleSetId} and its endpoint's rule set no longer exist; no action runs")]
    private partial void LogNoRuleSet(string messageId, string? ruleSetId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not process message {MessageId}; it stays queued")]
    private partial void LogProcessFailed(Exception ex, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save the plans of {Count} messages together; saving them one by one")]
    private partial void LogBatchSaveFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {Count} delivery attempts together; recording them one by one")]
    private partial void LogGroupRecordFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the spool file of message {MessageId}")]
    private partial void LogSpoolUnreadable(Exception ex, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} attempt {Attempt} of {Action}: {Outcome} for {Recipients}: {Reply}")]
    private partial void LogAttempt(string messageId, int attempt, RuleActionType action, DeliveryOutcome outcome, string recipients, string reply);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery of message {MessageId} (action {ActionId}) failed unexpectedly")]
    private partial void LogDeliveryFailed(Exception ex, string messageId, long actionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the spool file of finished message {MessageId}")]
    private partial void LogSpoolDeleteFailed(Exception ex, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message processing round failed; retrying shortly")]
    private partial void LogRoundFailed(Exception ex);
}
