using System.Threading.Channels;
using MailManager.Core.Messages;
using MailManager.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailManager.Data.Messages;

/// <summary>
/// Group commit for accepted messages: sessions that finish DATA at the same time share one flush of their spool
/// files and one database transaction (one fsync each) instead of paying them each, which is what lets acceptance stay durable at load.
/// Each caller still waits for its own row to be committed. Relay actions delivery has room for are claimed in the
/// same transaction (<see cref="DeliveryHandoff"/>).
/// </summary>
public sealed partial class MessageCommitQueue(SqliteConnections connections, DeliveryHandoff handoff, ILogger<MessageCommitQueue> logger)
    : BackgroundService
{
    private const int MaxBatch = 256;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// Raised after a batch is written (with the batch's messages; any that failed were answered 451), so the
    /// processor can pick the messages up at once.
    /// </summary>
    public event Action<IReadOnlyList<ReceivedMessage>>? Committed;

    /// <summary>Flushes the message's spool file to disk and commits its row, with whatever else is waiting.</summary>
    public async Task CommitAsync(ReceivedMessage message, string spoolPath, CancellationToken ct)
    {
        var pending = new Pending(message, spoolPath, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _pending.Writer.WriteAsync(pending, ct);
        // Once queued, the row's fate is the batch's, not the session's: a client hanging up now must not make
        // the caller delete a file whose row is about to be committed (the queue itself cancels at shutdown).
        await pending.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }
                await WriteAsync(batch, stoppingToken);
                var messages = batch.Select(p => p.Message).ToList();
                batch.Clear();
                Committed?.Invoke(messages);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Whatever is left was never committed: its sessions answer 451 and the client retries.
            foreach (var pending in batch)
            {
                pending.Done.TrySetCanceled();
            }
            while (_pending.Reader.TryRead(out var left))
            {
                left.Done.TrySetCanceled();
            }
        }
    }

    private async Task WriteAsync(List<Pending> batch, CancellationToken ct)
    {
        try
        {
            // Files first: a committed row must never point at bytes that are not on disk.
            SpoolFlush.Flush(batch.Select(p => p.SpoolPath).ToList());
            var messages = batch.Select(p => p.Message).ToList();
            await connections.WriteGate.RunAsync(urgent: true, async gate =>
            {
                var handed = handoff.Claim(messages);
                try
                {
                    await MessageRows.InsertAsync(gate.Connection, messages, ct);
                }
                catch
                {
                    handed.Undo();
                    throw;
                }
                handed.Commit();
                return true;
            }, ct);
            batch.ForEach(p => p.Done.TrySetResult());
        }
        catch (Exception ex) when (batch.Count > 1 && ex is not OperationCanceledException)
        {
            // One bad row must not fail its neighbours: commit them one by one.
            foreach (var pending in batch)
            {
                await WriteAsync([pending], ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCommitFailed(ex, batch[0].Message.MessageId);
            batch[0].Done.TrySetException(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not commit message {MessageId}; the client is told 451")]
    private partial void LogCommitFailed(Exception ex, string messageId);

    private sealed record Pending(ReceivedMessage Message, string SpoolPath, TaskCompletionSource Done);
}
