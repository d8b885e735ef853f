using MailManager.Data.AddressLists;
using MailManager.Data.Common;
using MailManager.Data.IngressPoints;
using MailManager.Data.Messages;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Data.Secrets;
using MailManager.Data.TrafficPolicies;
using MailManager.Data.VerdictLog;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailManager.Data;

public static class StorageServiceCollectionExtensions
{
    /// <summary>SQLite storage in the data folder, Data Protection keys beside it, and the resource services.</summary>
    public static IServiceCollection AddMailManagerStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Data Protection is configured from the bound options, so the folder follows configuration.
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var dataDirectory = DataDirectory.Ensure(storage.FullDataDirectory);
        services.AddDataProtection()
            .SetApplicationName("MailManager")
            .PersistKeysToFileSystem(DataDirectory.EnsurePrivate(Path.Combine(dataDirectory, "keys")));

        services.AddDbContextFactory<MailManagerDbContext>((sp, options) =>
            options.UseSqlite(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString)
                .AddInterceptors(new SqliteBusyTimeoutInterceptor()));

        services.AddSingleton<SqliteConnections>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ConfigurationVersion>();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<SecretService>();
        services.AddSingleton<RelayService>();
        services.AddSingleton<TrafficPolicyService>();
        services.AddSingleton<RuleSetService>();
        services.AddSingleton<IngressPointEvents>();
        services.AddSingleton<IngressPointService>();
        services.AddSingleton<DeliveryHandoff>();
        services.AddSingleton<MessageCommitQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<MessageCommitQueue>());
        services.AddSingleton<MessageSpool>();
        services.AddSingleton<MessageLogService>();
        services.AddSingleton<AddressListImportWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AddressListImportWorker>());
        services.AddSingleton<AddressListService>();
        services.AddSingleton<AddressListMatchers>();
        services.AddSingleton<Api.ApiAccessKeyService>();
        services.AddSingleton<Api.ResourceTagService>();
        services.AddSingleton<Api.ApiRecords>();
        // Every SMTP session's verdicts, in a database file of its own (see VerdictLogDbContext).
        services.AddMailManagerVerdictLog(configuration);
        return services;
    }

    /// <summary>Applies the committed migrations; called once at start, before anything reads the database.</summary>
    public static async Task MigrateStorageAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<MailManagerDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        // WAL: the console reads while sessions commit, and a commit costs one fsync of the log (synchronous=FULL keeps it durable).
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await services.MigrateVerdictLogAsync(ct);
    }
}
