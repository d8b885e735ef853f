using MailManager.Data.Common;
using Microsoft.Data.Sqlite;

namespace MailManager.Data.Messages;

/// <summary>
/// Commits on this connection skip the write-ahead log's fsync (<c>synchronous=NORMAL</c>) until disposed; every
/// other commit keeps SQLite's default, FULL. For writes whose loss in a power cut is harmless, such as claiming
/// a delivery: a lost claim leaves the action Pending, which is where a restart puts an interrupted one anyway.
/// The next FULL commit on any connection makes these durable too, and nothing is ever corrupted (WAL).
/// </summary>
internal sealed class RelaxedDurability : IAsyncDisposable
{
    private readonly MessageWriteGate.Held _gate;

    private RelaxedDurability(MessageWriteGate.Held gate) => _gate = gate;

    /// <summary>Relaxes the gate's connection until disposed.</summary>
    public static async Task<RelaxedDurability> EnterAsync(MessageWriteGate.Held gate, CancellationToken ct)
    {
        await SetAsync(gate.Connection, "NORMAL", ct);
        return new RelaxedDurability(gate);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // The gate's connection is acceptance's too: it must go back with full durability.
            await SetAsync(_gate.Connection, "FULL", CancellationToken.None);
        }
        catch (SqliteException)
        {
            // It cannot be trusted with an acceptance commit: the next holder opens a new one.
            _gate.Discard();
        }
    }

    private static async Task SetAsync(SqliteConnection connection, string level, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous = {level};";
        await command.ExecuteNonQueryAsync(ct);
    }
}
