using MailManager.Data.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MailManager.Api.Tests.Infrastructure;

/// <summary>
/// The whole app on a real Kestrel socket with a fresh data folder, an API access key, and a client that signs with
/// it. New ingress points listen on <see cref="SmtpPort"/>.
/// </summary>
public sealed class ApiServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private HttpClient? _http;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "mm-api-" + Guid.NewGuid().ToString("N"));

    public int SmtpPort { get; } = FreePort.Next();

    /// <summary>Where Write to folder (WriteToS3) actions write.</summary>
    public string FolderRoot => Path.Combine(DataDirectory, "folders");

    public Uri BaseAddress { get; private set; } = null!;

    public CreatedApiAccessKey Key { get; private set; } = null!;

    public AwsJsonClient Client { get; private set; } = null!;

    public ApiServer()
    {
        UseKestrel(0);
    }

    public async Task InitializeAsync()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        Key = await Services.GetRequiredService<ApiAccessKeyService>().CreateAsync("tests");
        _http = new HttpClient { BaseAddress = BaseAddress };
        Client = NewClient(Key.AccessKeyId, Key.SecretAccessKey);
    }

    public AwsJsonClient NewClient(string accessKeyId, string secretAccessKey) => new(_http!, accessKeyId, secretAccessKey);

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("MailManager:DataDirectory", DataDirectory);
        builder.UseSetting("MailManager:Admin:Password", "Api-Tests-Pa55word!");
        builder.UseSetting("MailManager:Ingress:PreferStandardPorts", "false");
        builder.UseSetting("MailManager:Ingress:DefaultBindAddress", "127.0.0.1");
        builder.UseSetting("MailManager:Ingress:PortRangeStart", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("MailManager:Ingress:PortRangeEnd", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("MailManager:Actions:FolderRoot", FolderRoot);
        builder.UseSetting("urls", "http://127.0.0.1:0");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        _http?.Dispose();
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
