namespace MailManager.Ingress.Tests;

/// <summary>A test class with the whole app of its own on a fresh data folder, started before each test.</summary>
public abstract class GatewayTest : IAsyncLifetime
{
    protected TemporaryFolder Folder { get; } = new();

    protected GatewayApp App { get; private set; } = default!;

    public Task InitializeAsync()
    {
        App = new GatewayApp(Folder.Path);
        _ = App.Services; // starts the host: migrations, supervisor, listeners
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Folder.Dispose();
    }
}
