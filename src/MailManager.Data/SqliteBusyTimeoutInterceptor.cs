using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MailManager.Data;

/// <summary>
/// Lets SQLite itself wait for the write lock (in steps of a few milliseconds) instead of returning BUSY to
/// Microsoft.Data.Sqlite, whose own retry sleeps 150 ms: with SMTP sessions committing and the processor
/// updating at once, those sleeps, not the disk, would set the throughput.
/// </summary>
internal sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>Also applied by <see cref="Common.SqliteConnections"/> to the connections it opens itself.</summary>
    public static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }
}
