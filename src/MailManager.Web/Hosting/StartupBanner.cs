using MailManager.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace MailManager.Web.Hosting;

/// <summary>Tells a newcomer where the console is and how to sign in, once the server listens.</summary>
internal sealed class StartupBanner(
    IHostApplicationLifetime lifetime, IServer server, IOptions<AdminOptions> admin, IOptions<StorageOptions> storage)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var passwordFile = Path.Combine(storage.Value.FullDataDirectory, AdminAccountSeeder.PasswordFileName);
        Console.WriteLine();
        foreach (var address in addresses)
        {
            Console.WriteLine($"  MailManager console: {address}");
        }
        Console.WriteLine($"  Sign in as '{admin.Value.UserName}'" + (File.Exists(passwordFile)
            ? $" with the password in {passwordFile}."
            : " with your password (MailManager:Admin:Password on the first start)."));
        Console.WriteLine($"  Data folder: {storage.Value.FullDataDirectory}");
        Console.WriteLine();
    }
}
