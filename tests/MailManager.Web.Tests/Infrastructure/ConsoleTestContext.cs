using Bunit;
using MailManager.Data;
using MailManager.Delivery;
using MailManager.Ingress;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace MailManager.Web.Tests.Infrastructure;

/// <summary>
/// A bUnit context with the console's real services on a real SQLite file in a fresh temporary
/// data folder, migrated as at start. MudBlazor's services are async-disposable, hence IAsyncLifetime.
/// </summary>
public abstract class ConsoleTestContext : IAsyncLifetime
{
    protected BunitContext Context { get; } = new();
    protected string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "mm-bunit-" + Guid.NewGuid().ToString("N"));

    protected IServiceProvider Services => Context.Services;

    protected ConsoleTestContext()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MailManager:DataDirectory"] = DataDirectory })
            .Build();
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        // As a host has it: delivery's options read their keys from it.
        Context.Services.AddSingleton<IConfiguration>(configuration);
        Context.Services.AddMudServices();
        Context.Services.AddMailManagerStorage(configuration);
        Context.Services.AddMailManagerIngress(configuration);
        Context.Services.AddMailManagerDelivery();
        Context.Services.AddLogging();
    }

    public virtual async Task InitializeAsync() => await Context.Services.MigrateStorageAsync();

    public virtual async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }

    protected T Service<T>() where T : notnull => Context.Services.GetRequiredService<T>();
}
