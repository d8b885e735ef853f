using System.Threading.Channels;
using MailManager.Core.AddressLists;
using MailManager.Core.Conditions;
using MailManager.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailManager.Data.AddressLists;

/// <summary>
/// Runs address list import jobs, one at a time, in the background (the only thing that processes them). A job in
/// Processing is read from its file in batches of <see cref="BatchSize"/> lines; each batch is one short write
/// transaction that adds its members, stores its failed lines and moves the job's counts and checkpoint together,
/// so SMTP sessions committing messages wait for at most one batch, never for the whole file.
/// <para>
/// Stop is honoured between batches: each batch first reads the job's status under the write lock and commits
/// nothing once the job is no longer Processing. After a restart a job left in Processing resumes after its last
/// committed line (the checkpoint commits with the batch, so no line counts twice and none is lost); one whose file
/// is gone fails with that reason.
/// </para>
/// </summary>
public sealed partial class AddressListImportWorker(
    SqliteConnections connections,
    IOptions<StorageOptions> storage,
    ConfigurationVersion configuration,
    TimeProvider time,
    ILogger<AddressListImportWorker> logger)
    : BackgroundService
{
    public const int BatchSize = 1_000;

    /// <summary>The pause after a batch: as long as the batch held the write lock, within bounds.</summary>
    internal static TimeSpan PauseAfter(TimeSpan batch) =>
        TimeSpan.FromTicks(Math.Clamp(batch.Ticks, TimeSpan.FromMilliseconds(5).Ticks, TimeSpan.FromMilliseconds(100).Ticks));

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _running = new(1, 1);

    internal const string NextJobSql =
        "SELECT JobId, AddressListId, ImportDataFormat, ProcessedThroughLine FROM ImportJobs WHERE Status = 'Processing' ORDER BY StartTimestamp, JobId LIMIT 1";
    internal const string CountMembersSql = "SELECT COUNT(*) FROM AddressListMembers WHERE AddressListId = $list";
    internal const string CountFailuresSql = "SELECT COUNT(*) FROM ImportJobFailures WHERE JobId = $job";
    internal const string StatusSql = "SELECT Status FROM ImportJobs WHERE JobId = $job";
    internal const string InsertMemberSql =
        "INSERT OR IGNORE INTO AddressListMembers (AddressListId, FoldedAddress, Address, CreatedTimestamp) VALUES ($list, $folded, $address, $now)";
    internal const string InsertFailureSql = "INSERT OR IGNORE INTO ImportJobFailures (JobId, LineNumber, Reason) VALUES ($job, $line, $reason)";
    internal const string TouchListSql =
        "UPDATE AddressLists SET MembersRevision = MembersRevision + 1, LastUpdatedTimestamp = $now WHERE AddressListId = $list";
    internal const string ProgressSql =
        "UPDATE ImportJobs SET ImportedItemsCount = ImportedItemsCount + $imported, FailedItemsCount = FailedItemsCount + $failed, " +
        "ProcessedThroughLine = $through, Status = $status, CompletedTimestamp = $completed, Error = $error WHERE JobId = $job";

    internal static readonly string[] Statements =
        [NextJobSql, CountMembersSql, CountFailuresSql, StatusSql, InsertMemberSql, InsertFailureSql, TouchListSql, ProgressSql];

    /// <summary>Where a job's uploaded file waits until the job finishes.</summary>
    public static string ImportFilePath(StorageOptions options, string jobId) =>
        Path.Combine(options.FullDataDirectory, "imports", jobId);

    /// <summary>Raised after each committed batch and when a job finishes, with the job's ID (for tests and progress).</summary>
    public event Action<string>? Progressed;

    /// <summary>Tells the worker a job was started.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Jobs left in Processing by the last run are picked up first.
            do
            {
                try
                {
                    await ProcessPendingAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogWorkerFailed(ex);
                }
            }
            while (await _wake.Reader.WaitToReadAsync(stoppingToken) && _wake.Reader.TryRead(out _));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Processes every job in Processing until none is left. The hosted loop calls it; so can a test.</summary>
    public async Task ProcessPendingAsync(CancellationToken ct)
    {
        await _running.WaitAsync(ct);
        try
        {
            while (await NextJobAsync(ct) is { } job)
            {
                try
                {
                    await ProcessAsync(job, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Marked Failed, or the next pass would take up the same job and fail the same way.
                    LogJobFailed(ex, job.JobId);
                    await using var connection = await connections.OpenAsync(ct);
                    await CommitAsync(connection, new Batch(job, AddressListService.MaxStoredFailures), [], job.ProcessedThroughLine,
                        $"The import stopped on an unexpected error: {ex.Message}", ct);
                    configuration.Bump();
                }
            }
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<PendingJob?> NextJobAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = NextJobSql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new PendingJob(reader.GetString(0), reader.GetString(1), Enum.Parse<ImportDataType>(reader.GetString(2)), reader.GetInt32(3))
            : null;
    }

    private async Task ProcessAsync(PendingJob job, CancellationToken ct)
    {
        var path = ImportFilePath(storage.Value, job.JobId);
        await using var connection = await connections.OpenAsync(ct);
        var batch = new Batch(job, await CountAsync(connection, CountFailuresSql, "$job", job.JobId, ct));
        if (!File.Exists(path))
        {
            await CommitAsync(connection, batch, [], job.ProcessedThroughLine, "The uploaded file is no longer in the data folder. Upload it again.", ct);
            return;
        }

        var finished = false;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024))
        {
            using var lines = AddressListImportFile.Read(file, job.Format).GetEnumerator();
            var pending = new List<ImportLine>(BatchSize);
            var through = job.ProcessedThroughLine;
            while (!finished)
            {
                pending.Clear();
                string? error = null;
                var more = true;
                try
                {
                    while (pending.Count < BatchSize && (more = lines.MoveNext()))
                    {
                        // Lines up to the checkpoint were committed before a restart.
                        if (lines.Current.LineNumber > job.ProcessedThroughLine)
                        {
                            pending.Add(lines.Current);
                        }
                    }
                }
                catch (ImportFileException e)
                {
                    error = e.Message;
                    more = false;
                }

                through = pending.Count > 0 ? pending[^1].LineNumber : through;
                finished = !more;
                var started = time.GetTimestamp();
                if (!await CommitAsync(connection, batch, pending, through, finished ? error ?? "" : null, ct))
                {
                    // Stopped (or deleted) meanwhile: what earlier batches committed stays.
                    finished = true;
                    break;
                }
                if (!finished)
                {
                    // Other writers (SMTP sessions committing) get the lock between batches. They wait in SQLite's
                    // busy handler, which polls at growing intervals: a batch started at once would win the lock
                    // again and again and starve them, so the worker leaves it free as long as it held it.
                    await Task.Delay(PauseAfter(time.GetElapsedTime(started)), time, ct);
                }
            }
        }

        File.Delete(path);
        configuration.Bump();
        Progressed?.Invoke(job.JobId);
    }

    /// <summary>
    /// One batch in one transaction. <paramref name="finalError"/>: null while more batches follow, "" when this is
    /// the last of a job that completes, else why the job fails. Returns false when the job is no longer Processing.
    /// </summary>
    private async Task<bool> CommitAsync(SqliteConnection connection, Batch batch, List<ImportLine> lines, int through, string? finalError, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var stored = StoredTimestamp.From(now);
        await using var transaction = SqliteWriteTransaction.Begin(connection);
        await using (var status = transaction.Command(StatusSql))
        {
            status.Set("$job", batch.Job.JobId);
            if (await status.ExecuteScalarAsync(ct) is not string current || current != nameof(ImportJobStatus.Processing))
            {
                return false;
            }
        }

        // Counted under the write lock, so members added or removed in the console meanwhile keep the quota exact.
        await using (var count = transaction.Command(CountMembersSql))
        {
            count.Set("$list", batch.Job.AddressListId);
            batch.Members = Convert.ToInt32(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        int imported = 0, failed = 0;
        await using var insert = transaction.Command(InsertMemberSql);
        await using var failure = transaction.Command(InsertFailureSql);
        insert.Set("$list", batch.Job.AddressListId);
        insert.Set("$now", stored);
        failure.Set("$job", batch.Job.JobId);
        async Task FailAsync(int line, string reason)
        {
            failed++;
            if (batch.StoredFailures < AddressListService.MaxStoredFailures)
            {
                failure.Set("$line", line);
                failure.Set("$reason", reason);
                await failure.ExecuteNonQueryAsync(ct);
                batch.StoredFailures++;
            }
        }

        foreach (var line in lines)
        {
            if (!line.IsMember)
            {
                await FailAsync(line.LineNumber, line.Reason!);
                continue;
            }
            if (batch.Members >= AddressListValidator.MaxMembers)
            {
                await FailAsync(line.LineNumber, $"The address list already holds {AddressListValidator.MaxMembers:N0} addresses, the most allowed.");
                continue;
            }
            insert.Set("$folded", CaseFolding.Fold(line.Address!));
            insert.Set("$address", line.Address);
            if (await insert.ExecuteNonQueryAsync(ct) == 1)
            {
                imported++;
                batch.Members++;
            }
            else
            {
                await FailAsync(line.LineNumber, "Already in the address list.");
            }
        }

        if (imported > 0)
        {
            await using var touch = transaction.Command(TouchListSql);
            touch.Set("$list", batch.Job.AddressListId);
            touch.Set("$now", stored);
            await touch.ExecuteNonQueryAsync(ct);
        }

        await using (var progress = transaction.Command(ProgressSql))
        {
            progress.Set("$job", batch.Job.JobId);
            progress.Set("$imported", imported);
            progress.Set("$failed", failed);
            progress.Set("$through", through);
            progress.Set("$status", finalError switch
            {
                null => nameof(ImportJobStatus.Processing),
                "" => nameof(ImportJobStatus.Completed),
                _ => nameof(ImportJobStatus.Failed),
            });
            progress.Set("$completed", finalError is null ? null : stored);
            progress.Set("$error", string.IsNullOrEmpty(finalError) ? null : finalError);
            await progress.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        if (finalError is null)
        {
            Progressed?.Invoke(batch.Job.JobId);
        }
        return true;
    }

    private static async Task<int> CountAsync(SqliteConnection connection, string sql, string name, string value, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Set(name, value);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Address list import job {JobId} failed")]
    private partial void LogJobFailed(Exception ex, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Address list import failed; the worker waits for the next job")]
    private partial void LogWorkerFailed(Exception ex);

    private sealed record PendingJob(string JobId, string AddressListId, ImportDataType Format, int ProcessedThroughLine);

    private sealed class Batch(PendingJob job, int storedFailures)
    {
        public PendingJob Job { get; } = job;
        public int Members { get; set; }
        public int StoredFailures { get; set; } = storedFailures;
    }
}
