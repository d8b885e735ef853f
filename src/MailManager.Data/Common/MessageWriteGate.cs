using Microsoft.Data.Sqlite;

namespace MailManager.Data.Common;

/// <summary>
/// The one owner of the message database's hot path: acceptance commits, delivery claims and recorded attempts take
/// turns here, on one connection that stays open.
/// <list type="bullet">
/// <item>They queue in the process instead of inside SQLite. Two connections wanting the write lock at once make
/// SQLite's busy handler sleep and poll (1, 2, 5, 10, 15, 20, 25… ms), and a sleeper can miss free moments while others
/// take the lock. Here the lock is handed straight to the next waiter, and acceptance commits (a session waits for
/// them before its 250) go before delivery's claims and records.</item>
/// <item>One connection keeps its page cache: in WAL mode a connection re-reads the pages another connection has
/// changed, and with a pooled connection per call that was over 40 page reads per message.</item>
/// </list>
/// Writers that rarely run (the console, EF Core) use their own connections and SQLite's busy timeout.
/// </summary>
public sealed class MessageWriteGate(Func<CancellationToken, Task<SqliteConnection>> open) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _urgent = new();
    private readonly Queue<TaskCompletionSource> _others = new();
    private bool _held;
    // Used only by the holder of the gate.
    private SqliteConnection? _connection;
    private bool _disposed;

    /// <summary>
    /// Waits for the gate; <paramref name="urgent"/> waiters (acceptance) go before the others. Dispose the result
    /// to let the next one in; its connection stays open for the next holder.
    /// </summary>
    public async ValueTask<Held> EnterAsync(bool urgent, CancellationToken ct)
    {
        await AcquireAsync(urgent, ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _connection ??= await open(ct).ConfigureAwait(false);
            return new Held(this, _connection);
        }
        catch
        {
            Release();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the kept connection while holding the gate. A failure may have left the
    /// connection unusable, so it is given up and the next holder opens a new one.
    /// </summary>
    public async Task<T> RunAsync<T>(bool urgent, Func<Held, Task<T>> work, CancellationToken ct)
    {
        using var held = await EnterAsync(urgent, ct).ConfigureAwait(false);
        try
        {
            return await work(held).ConfigureAwait(false);
        }
        catch
        {
            held.Discard();
            throw;
        }
    }

    private async ValueTask AcquireAsync(bool urgent, CancellationToken ct)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return;
            }
            // Continuations run asynchronously: the releasing writer must not run the next one's transaction.
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (urgent ? _urgent : _others).Enqueue(waiter);
        }
        using (ct.Register(static w => ((TaskCompletionSource)w!).TrySetCanceled(), waiter))
        {
            try
            {
                await waiter.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (waiter.Task.IsCanceled)
            {
                // Whoever releases next skips a cancelled waiter.
                throw new OperationCanceledException(ct);
            }
        }
    }

    private void Release()
    {
        lock (_lock)
        {
            while (_urgent.TryDequeue(out var next) || _others.TryDequeue(out next))
            {
                if (next.TrySetResult())
                {
                    // Handed over: the gate stays held, by the next writer now.
                    return;
                }
            }
            _held = false;
        }
    }

    /// <summary>
    /// Closes the connection after an error that may have left it unusable; the next holder opens a new one.
    /// Called by the holder only.
    /// </summary>
    private void Reset()
    {
        var connection = _connection;
        _connection = null;
        connection?.Dispose();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            if (_held)
            {
                // The holder is still writing (the host is stopping); the pool closes it with the process.
                return;
            }
        }
        Reset();
    }

    /// <summary>The gate, held until disposed, and the connection to write on while holding it.</summary>
    public readonly struct Held(MessageWriteGate gate, SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        /// <summary>Gives the connection up (after a failure that may have broken it) instead of keeping it.</summary>
        public void Discard() => gate.Reset();

        public void Dispose() => gate.Release();
    }
}
