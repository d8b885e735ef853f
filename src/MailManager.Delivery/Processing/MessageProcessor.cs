using System.Threading.Channels;
using MailManager.Core.Messages;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Data.Messages;
using MailManager.Data.Relays;
using MailManager.Data.Secrets;
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
    RelayService relays,
    SecretService secrets,
    RelayDeliverer deliverer,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<MessageProcessor> logger) : BackgroundService
{
    private const int QueuedBatchSize = 100;

    // One pending wake-up is enough: the loop looks at everything each time round.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        commits.Committed += Wake;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        commits.Committed -= Wake;
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Makes the processor look for work now: new messages, or a free delivery slot.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

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
                    await ProcessQueuedAsync(stoppingToken);
                    running.RemoveAll(t => t.IsCompleted);
                    foreach (var delivery in await store.ClaimDueAsync(settings.MaxConcurrentDeliveries - running.Count, stoppingToken))
                    {
                        running.Add(DeliverAsync(delivery, stoppingToken));
                    }
                    wait = await NextWaitAsync(running.Count >= settings.MaxConcurrentDeliveries, stoppingToken);
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

    private async Task StartUpAsync(CancellationToken ct)
    {
        var resumed = await store.ResumeInterruptedAsync(ct);
        if (resumed > 0)
        {
            LogResumed(resumed);
        }
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
            var failed = false;
            foreach (var message in batch)
            {
                try
                {
                    await ProcessAsync(message, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // It stays Queued and is tried again next round; the others go on.
                    LogProcessFailed(ex, message.MessageId);
                    failed = true;
                }
            }
            // A full batch means more may wait; a failure means the same messages would come back at once.
            if (batch.Count < QueuedBatchSize || failed)
            {
                return;
            }
        }
    }

    private async Task ProcessAsync(ReceivedMessage message, CancellationToken ct)
    {
        var ruleSet = await store.FindRuleSetAsync(message.RuleSetId, message.IngressPointId, ct);
        var recipients = message.Recipients.Select(r => r.Address).ToList();
        RuleSetEvaluation evaluation;
        if (ruleSet is null)
        {
            LogNoRuleSet(message.MessageId, message.RuleSetId);
            evaluation = new RuleSetEvaluation([], [], recipients);
        }
        else
        {
            evaluation = RuleSetEvaluator.Evaluate(ruleSet, recipients);
        }

        var (headers, subject) = await ReadHeadersAsync(message.MessageId, ct);
        var expires = message.ReceivedTimestamp + options.Value.RetryLifetime;
        var finished = await store.SaveEvaluationAsync(
            new MessageProcessingEvaluation(message.MessageId, ruleSet?.RuleSetId ?? message.RuleSetId, headers, subject, evaluation, expires), ct);
        LogProcessed(message.MessageId, ruleSet?.RuleSetName, evaluation.Actions.Count(a => a.Action.Type == RuleActionType.Relay), evaluation.Dropped.Count + evaluation.Unhandled.Count);
        if (finished)
        {
            DeleteSpoolFile(message.MessageId);
        }
    }

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

    private async Task DeliverAsync(MessageProcessingDelivery delivery, CancellationToken ct)
    {
        try
        {
            var outcomes = await AttemptAsync(delivery, ct);
            var settings = options.Value;
            var retryAt = time.GetUtcNow() + RetrySchedule.Delay(delivery.AttemptNumber, settings.FirstRetryDelay, settings.MaxRetryDelay);
            // Not cancellable: once the relay has answered, its answer must be kept, shutdown or not.
            var finished = await store.RecordAttemptAsync(delivery.ActionId, outcomes, retryAt, CancellationToken.None);
            foreach (var outcome in outcomes)
            {
                LogAttempt(delivery.MessageId, delivery.AttemptNumber, delivery.RelayId, outcome.Outcome, string.Join(", ", outcome.Recipients), outcome.Reply);
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
            Wake();
        }
    }

    private async Task<IReadOnlyList<MessageProcessingOutcome>> AttemptAsync(MessageProcessingDelivery delivery, CancellationToken ct)
    {
        try
        {
            var relay = await relays.GetAsync(delivery.RelayId, ct);
            if (relay is null)
            {
                return [new(delivery.Recipients, DeliveryOutcome.PermanentFailure, $"The SMTP relay {delivery.RelayId} no longer exists")];
            }
            RelayCredentials? credentials = null;
            if (relay.SecretId is not null)
            {
                var values = await secrets.ReadValuesAsync(relay.SecretId, ct);
                if (values is null
                    || !values.TryGetValue(RelayCredentialKeys.Username, out var userName)
                    || !values.TryGetValue(RelayCredentialKeys.Password, out var password))
                {
                    // A configuration slip the administrator can fix within the retry lifetime, like a refused AUTH.
                    return [new(delivery.Recipients, DeliveryOutcome.TemporaryFailure,
                        $"The secret of SMTP relay {relay.RelayName} no longer holds a username and a password")];
                }
                credentials = new RelayCredentials(userName, password);
            }

            FileStream content;
            try
            {
                content = spool.OpenRead(delivery.MessageId);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return [new(delivery.Recipients, DeliveryOutcome.PermanentFailure, "The message file is missing from the spool")];
            }
            await using (content)
            {
                var mailFrom = delivery.MailFrom == MailFrom.Replace ? options.Value.ReplacementMailFrom : delivery.EnvelopeFrom;
                var request = new RelayDeliveryRequest(relay.ServerName, relay.ServerPort, credentials, mailFrom, delivery.Recipients, content);
                var outcomes = await deliverer.DeliverAsync(request, ct);
                return outcomes.Select(o => new MessageProcessingOutcome(o.Recipients, o.Outcome, o.Reply)).ToList();
            }
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

    private async Task<TimeSpan> NextWaitAsync(bool atCapacity, CancellationToken ct)
    {
        var poll = options.Value.PollInterval;
        if (atCapacity)
        {
            // A finishing delivery wakes the loop.
            return poll;
        }
        var next = await store.NextDueAsync(ct);
        if (next is null)
        {
            return poll;
        }
        var wait = next.Value - time.GetUtcNow();
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < poll ? wait : poll;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Processed message {MessageId} with rule set {RuleSetName}: {RelayActions} relay actions, {NotDelivered} recipients dropped or not delivered")]
    private partial void LogProcessed(string messageId, string? ruleSetName, int relayActions, int notDelivered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: rule set {RuleSetId} and its endpoint's rule set no longer exist; no action runs")]
    private partial void LogNoRuleSet(string messageId, string? ruleSetId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not process message {MessageId}; it stays queued")]
    private partial void LogProcessFailed(Exception ex, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the spool file of message {MessageId}")]
    private partial void LogSpoolUnreadable(Exception ex, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} attempt {Attempt} via relay {RelayId}: {Outcome} for {Recipients}: {Reply}")]
    private partial void LogAttempt(string messageId, int attempt, string relayId, DeliveryOutcome outcome, string recipients, string reply);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery of message {MessageId} (action {ActionId}) failed unexpectedly")]
    private partial void LogDeliveryFailed(Exception ex, string messageId, long actionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the spool file of finished message {MessageId}")]
    private partial void LogSpoolDeleteFailed(Exception ex, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message processing round failed; retrying shortly")]
    private partial void LogRoundFailed(Exception ex);
}
