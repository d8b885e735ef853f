using System.Threading.Channels;
using MailManager.Core.VerdictLog;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailManager.Data.VerdictLog;

/// <summary>
/// The one owner of the verdict log's writes. SMTP sessions hand their trace to <see cref="TryEnqueue"/> as they
/// close, which never waits: the queue is bounded, and when a flood fills it the newest sessions are dropped and
/// counted (the count is logged as a warning) rather than slowing any reply. The writer shapes each trace (the
/// per-condition explanation is computed here, off the reply path), writes up to <see cref="MaxBatch"/> sessions per
/// transaction, and purges sessions older than the retention in bounded batches between writes.
/// </summary>
public sealed partial class VerdictLogWriter : BackgroundService
{
    /// <summary>Sessions per transaction: one fsync for many sessions under a flood, and a short write lock.</summary>
    public const int MaxBatch = 500;

    private readonly IDbContextFactory<VerdictLogDbContext> _dbFactory;
    private readonly VerdictLogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<VerdictLogWriter> _logger;
    private readonly Channel<SessionTrace> _queue;

    // Owned by ExecuteAsync while it runs, then by StopAsync's final drain: a batch cut short by the stop stays here.
    private readonly List<SessionTrace> _batch = new(MaxBatch);
    private long _dropped;
    private long _droppedReported;
    private long _written;
    private long _batches;

    public VerdictLogWriter(IDbContextFactory<VerdictLogDbContext> dbFactory, IOptions<VerdictLogOptions> options, TimeProvider time, ILogger<VerdictLogWriter> logger)
    {
        _dbFactory = dbFactory;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<SessionTrace>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Sessions dropped because the queue was full, since start.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Sessions written since start.</summary>
    public long WrittenCount => Interlocked.Read(ref _written);

    /// <summary>Transactions (batches) written since start.</summary>
    public long BatchCount => Interlocked.Read(ref _batches);

    /// <summary>Queues a closed session for the log; false (and counted) when the queue is full. Never blocks.</summary>
    public bool TryEnqueue(SessionTrace trace)
    {
        if (_queue.Writer.TryWrite(trace))
        {
            return true;
        }
        Interlocked.Increment(ref _dropped);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = _batch;
        var nextPurge = _time.GetUtcNow();
        Task<bool>? waitForRecords = null;
        Task? purgeDue = null;
        try
        {
            while (true)
            {
                if (_time.GetUtcNow() >= nextPurge)
                {
                    purgeDue = null;
                    var purged = await PurgeSafelyAsync(stoppingToken);
                    // A full batch means more may be waiting: go on right after the next writes.
                    nextPurge = _time.GetUtcNow() + (purged >= _options.PurgeBatchSize ? TimeSpan.Zero : _options.PurgeInterval);
                }

                // One wait for records and one for the purge are kept across turns, so a flood creates no timers.
                waitForRecords ??= _queue.Reader.WaitToReadAsync(stoppingToken).AsTask();
                if (purgeDue is { IsCompleted: true })
                {
                    // A timer that fired a little before the purge was due must not make this loop spin.
                    purgeDue = null;
                }
                if (!waitForRecords.IsCompleted)
                {
                    var delay = nextPurge - _time.GetUtcNow();
                    purgeDue ??= delay > TimeSpan.Zero ? Task.Delay(delay, _time, stoppingToken) : Task.CompletedTask;
                    await Task.WhenAny(waitForRecords, purgeDue);
                    stoppingToken.ThrowIfCancellationRequested();
                }
                if (!waitForRecords.IsCompleted)
                {
                    continue;
                }
                if (!await waitForRecords)
                {
                    return;
                }
                waitForRecords = null;

                var full = await WriteAvailableAsync(batch, stoppingToken);
                if (!full && _options.WriteInterval > TimeSpan.Zero)
                {
                    // Let the next sessions gather: one transaction for many instead of one each.
                    await Task.Delay(_options.WriteInterval, _time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Stops the loop, then writes what is still queued (sessions that closed while the host was stopping), within a
    /// short grace period. Here rather than in ExecuteAsync, which never runs when the host stops right after starting.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            while ((_batch.Count > 0 || _queue.Reader.TryPeek(out _)) && !grace.IsCancellationRequested)
            {
                await WriteAvailableAsync(_batch, grace.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Fills <paramref name="batch"/> and writes it; a batch cut short by the stop stays for the final drain. True when
    /// the batch was full, so more may be waiting.
    /// </summary>
    private async Task<bool> WriteAvailableAsync(List<SessionTrace> batch, CancellationToken ct)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var trace))
        {
            batch.Add(trace);
        }
        var full = batch.Count == MaxBatch;
        if (batch.Count > 0)
        {
            try
            {
                await WriteBatchAsync(batch, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogWriteFailed(_logger, ex, batch.Count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Stopping interrupts SQLite mid-statement (an SqliteException, not a cancellation): the batch was
                // rolled back and stays for the final drain.
                throw new OperationCanceledException("Stopped while writing.", ex, ct);
            }
        }
        batch.Clear();
        ReportDrops();
        return full;
    }

    /// <summary>Shapes and writes <paramref name="traces"/> in one transaction.</summary>
    public async Task WriteBatchAsync(IReadOnlyList<SessionTrace> traces, CancellationToken ct)
    {
        var entries = new List<SessionLogEntry>(traces.Count);
        foreach (var trace in traces)
        {
            try
            {
                entries.Add(VerdictLogShaping.Shape(trace));
            }
            catch (Exception ex)
            {
                // A trace that cannot be explained (a bug) must not cost the rest of the batch.
                LogShapeFailed(_logger, ex, trace.SessionId);
            }
        }

        // The context only lends its connection (opened with the log's pragmas): the rows go in through prepared
        // statements, one transaction for the batch.
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await VerdictLogRows.InsertAsync((SqliteConnection)db.Database.GetDbConnection(), entries, ct);
        Interlocked.Add(ref _written, entries.Count);
        Interlocked.Increment(ref _batches);
    }

    /// <summary>Deletes up to <see cref="VerdictLogOptions.PurgeBatchSize"/> sessions older than the retention; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        var cutoff = _time.GetUtcNow().AddDays(-_options.RetentionDays);
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var expired = db.Sessions.Where(s => s.StartedTimestamp < cutoff).OrderBy(s => s.StartedTimestamp).Select(s => s.Id).Take(_options.PurgeBatchSize);
        var ids = await expired.ToListAsync(ct);
        if (ids.Count == 0)
        {
            return 0;
        }
        await db.Recipients.Where(r => ids.Contains(r.SessionLogEntryId)).ExecuteDeleteAsync(ct);
        var deleted = await db.Sessions.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return deleted;
    }

    private async Task<int> PurgeSafelyAsync(CancellationToken ct)
    {
        try
        {
            var deleted = await PurgeExpiredAsync(ct);
            if (deleted > 0)
            {
                LogPurged(_logger, deleted, _options.RetentionDays);
            }
            return deleted;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPurgeFailed(_logger, ex);
            return 0;
        }
    }

    private void ReportDrops()
    {
        var dropped = Interlocked.Read(ref _dropped);
        if (dropped != _droppedReported)
        {
            LogDropped(_logger, dropped - _droppedReported, dropped, _options.QueueCapacity);
            _droppedReported = dropped;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verdict log: {Count} sessions were not recorded because the queue of {Capacity} was full ({Total} since start)")]
    private static partial void LogDropped(ILogger logger, long count, long total, int capacity);

    [LoggerMessage(Level = LogLevel.Error, Message = "Verdict log: writing {Count} sessions failed; they are not recorded")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Verdict log: session {SessionId} could not be shaped; it is not recorded")]
    private static partial void LogShapeFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Verdict log: purged {Count} sessions older than {RetentionDays} days")]
    private static partial void LogPurged(ILogger logger, int count, int retentionDays);

    [LoggerMessage(Level = LogLevel.Error, Message = "Verdict log: purging expired sessions failed; retrying at the next interval")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
