using MailManager.Data;
using MailManager.Data.Messages;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailManager.Data.Tests;

/// <summary>The real storage registration on a real SQLite file in a fresh temporary data folder.</summary>
public sealed class TemporaryStorage : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "mm-data-" + Guid.NewGuid().ToString("N"));

    public ServiceProvider Services { get; }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    public TemporaryStorage()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MailManager:DataDirectory"] = DataDirectory })
            .Build();
        Services = new ServiceCollection().AddLogging().AddMailManagerStorage(configuration)
            .AddSingleton<TimeProvider>(Clock)
            .BuildServiceProvider();
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public MailManagerDbContext NewDbContext() => Get<IDbContextFactory<MailManagerDbContext>>().CreateDbContext();

    public string DatabasePath => Path.Combine(DataDirectory, "mailmanager.db");

    private bool _commitsStarted;

    public Task InitializeAsync() => Services.MigrateStorageAsync();

    /// <summary>Migrates and starts the group commit, for tests that accept messages; <see cref="DisposeAsync"/> stops it.</summary>
    public async Task InitializeWithCommitsAsync()
    {
        await InitializeAsync();
        await Get<MessageCommitQueue>().StartAsync(CancellationToken.None);
        _commitsStarted = true;
    }

    public async Task DisposeAsync()
    {
        if (_commitsStarted)
        {
            await Get<MessageCommitQueue>().StopAsync(CancellationToken.None);
        }
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
