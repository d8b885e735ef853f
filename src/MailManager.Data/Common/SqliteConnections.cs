using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace MailManager.Data.Common;

/// <summary>
/// Opens connections to the database for the hot paths that run prepared statements without EF Core: a
/// DbContext resolves its services on first use, which costs more than the statements of a delivery. Same
/// connection string, so the same pool as EF Core's, and the same busy timeout as its interceptor sets.
/// </summary>
public sealed class SqliteConnections : IDisposable
{
    private readonly string _connectionString;

    public SqliteConnections(IOptions<StorageOptions> options)
    {
        _connectionString = options.Value.ConnectionString;
        WriteGate = new MessageWriteGate(OpenAsync);
    }

    /// <summary>The hot path's writers (acceptance first) and their one kept connection.</summary>
    public MessageWriteGate WriteGate { get; }

    public void Dispose() => WriteGate.Dispose();

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            SqliteBusyTimeoutInterceptor.Apply(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
