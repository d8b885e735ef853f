using Microsoft.Data.Sqlite;

namespace MailManager.Data.Common;

/// <summary>
/// A write transaction (BEGIN IMMEDIATE, as EF Core's own) for prepared statements run without EF Core, on a
/// connection from <see cref="SqliteConnections"/> that the caller keeps. Disposing it rolls back whatever was
/// not committed.
/// </summary>
internal sealed class SqliteWriteTransaction : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    private SqliteWriteTransaction(SqliteConnection connection)
    {
        _connection = connection;
        _transaction = connection.BeginTransaction(deferred: false);
    }

    public static SqliteWriteTransaction Begin(SqliteConnection connection) => new(connection);

    /// <summary>A statement in this transaction, to prepare once and run many times.</summary>
    public SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    public Task CommitAsync(CancellationToken ct) => _transaction.CommitAsync(ct);

    public ValueTask DisposeAsync() => _transaction.DisposeAsync();
}
