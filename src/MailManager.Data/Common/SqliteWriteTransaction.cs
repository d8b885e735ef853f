using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MailManager.Data.Common;

/// <summary>
/// A transaction begun through EF Core, for prepared statements run on its SQLite connection directly. Opened
/// through EF Core so its connection interceptors (the busy timeout) apply; BEGIN IMMEDIATE, as EF Core's own.
/// </summary>
internal sealed class SqliteWriteTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction _transaction;

    private SqliteWriteTransaction(SqliteConnection connection, IDbContextTransaction transaction)
    {
        Connection = connection;
        _transaction = transaction;
    }

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction => (SqliteTransaction)_transaction.GetDbTransaction();

    public static async Task<SqliteWriteTransaction> BeginAsync(MailManagerDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var transaction = await db.Database.BeginTransactionAsync(ct);
        return new SqliteWriteTransaction((SqliteConnection)db.Database.GetDbConnection(), transaction);
    }

    /// <summary>A statement in this transaction, to prepare once and run many times.</summary>
    public SqliteCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        return command;
    }

    public Task CommitAsync(CancellationToken ct) => _transaction.CommitAsync(ct);

    public ValueTask DisposeAsync() => _transaction.DisposeAsync();
}
