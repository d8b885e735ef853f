using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailManager.Data.VerdictLog;

public static class VerdictLogServiceCollectionExtensions
{
    /// <summary>The verdict log: its own SQLite file in the data folder, its writer, and the console's reader.</summary>
    public static IServiceCollection AddMailManagerVerdictLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VerdictLogOptions>()
            .Bind(configuration.GetSection(VerdictLogOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddDbContextFactory<VerdictLogDbContext>((sp, options) =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var log = sp.GetRequiredService<IOptions<VerdictLogOptions>>().Value;
            var path = Path.Combine(storage.FullDataDirectory, log.DatabaseFile);
            options.UseSqlite($"Data Source={path};Pooling=True").AddInterceptors(new LogConnectionInterceptor());
        });
        services.AddSingleton<VerdictLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<VerdictLogWriter>());
        services.AddSingleton<VerdictLogService>();
        return services;
    }

    /// <summary>Applies the verdict log's migrations; part of <c>MigrateStorageAsync</c>.</summary>
    public static async Task MigrateVerdictLogAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<VerdictLogDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    /// <summary>
    /// The log's connections wait for its lock like the message database's do, and commit with
    /// synchronous=NORMAL: in WAL mode that survives a crash of the process, though a power cut may lose the
    /// last batches; for a log, a transaction per batch without an fsync each is the better trade.
    /// </summary>
    private sealed class LogConnectionInterceptor : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
            command.ExecuteNonQuery();
        }
    }
}
