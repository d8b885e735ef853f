using MailManager.Data;
using MailManager.Data.Api;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailManager.E2E.Infrastructure;

/// <summary>
/// The official AWS SDK for JavaScript as the e2e tests use it (e2e/sdk, versions pinned in its lock file), and API
/// access keys made in a data folder before the published app starts, as an administrator makes one in the console.
/// </summary>
public static class ApiSdk
{
    public static string Folder => RepositoryRoot.Combine("e2e", "sdk");

    public static async Task<ApiAccessKey?> FindAccessKeyAsync(string dataDirectory, string accessKeyId)
    {
        await using ServiceProvider services = Storage(dataDirectory);
        ApiAccessKey? key = await services.GetRequiredService<ApiAccessKeyService>().GetAsync(accessKeyId);
        SqliteConnection.ClearAllPools();
        return key;
    }

    /// <summary>An API access key in the data folder, through the real storage service, as the console creates one.</summary>
    public static async Task<CreatedApiAccessKey> CreateAccessKeyAsync(string dataDirectory)
    {
        await using ServiceProvider services = Storage(dataDirectory);
        await services.MigrateStorageAsync();
        CreatedApiAccessKey key = await services.GetRequiredService<ApiAccessKeyService>().CreateAsync("e2e: the official AWS SDK for JavaScript");
        SqliteConnection.ClearAllPools();
        return key;
    }

    /// <summary>The real storage services on a data folder, as the app builds them.</summary>
    private static ServiceProvider Storage(string dataDirectory)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MailManager:DataDirectory"] = dataDirectory })
            .Build();
        return new ServiceCollection().AddLogging().AddMailManagerStorage(configuration).BuildServiceProvider();
    }

    /// <summary>Installs the SDK from the lock file when e2e/sdk/node_modules is missing (./test.sh does it too).</summary>
    public static async Task EnsureInstalledAsync()
    {
        if (Directory.Exists(Path.Combine(Folder, "node_modules", "@aws-sdk", "client-mailmanager"))
            && Directory.Exists(Path.Combine(Folder, "node_modules", "@aws-sdk", "client-secrets-manager")))
        {
            return;
        }

        ExternalProcess.Result install = await ExternalProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5), workingDirectory: Folder);
        Assert.True(install.ExitCode == 0, $"npm ci in {Folder} failed ({install.ExitCode}):\n{install.All}");
    }
}
