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
    private readonly SqliteConnection _connection;

    private RelaxedDurability(SqliteConnection connection) => _connection = connection;

    public static async Task<RelaxedDurability> EnterAsync(SqliteConnection connection, CancellationToken ct)
    {
        await SetAsync(connection, "NORMAL", ct);
        return new RelaxedDurability(connection);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Pooled connections are shared: this one must go back with full durability.
            await SetAsync(_connection, "FULL", CancellationToken.None);
        }
        catch (SqliteException)
        {
            // It cannot be trusted back in the pool.
            SqliteConnection.ClearPool(_connection);
        }
    }

    private static async Task SetAsync(SqliteConnection connection, string level, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous = {level};";
        await command.ExecuteNonQueryAsync(ct);
    }
}
