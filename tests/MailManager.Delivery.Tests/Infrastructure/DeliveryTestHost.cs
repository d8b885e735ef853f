using MailManager.Core.RuleSets.Actions;
using MailManager.Core.Messages;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Core.Secrets;
using MailManager.Data;
using MailManager.Data.Messages;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Data.Secrets;
using MailManager.Delivery.Processing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailManager.Delivery.Tests.Infrastructure;

/// <summary>
/// The real storage and delivery registrations on a real SQLite file in a fresh temporary data folder, with short
/// retry delays. The commit queue runs (so messages enter through the spool as the SMTP engine's do); the
/// processor is started by the test, and a second instance can be made to play a restarted process.
/// </summary>
internal sealed class DeliveryTestHost : IAsyncDisposable
{
    public const string ReplacementMailFrom = "relay-bounces@mailmanager.test";

    private readonly List<MessageProcessor> _started = [];
    private readonly ErrorLog _errors = new();

    private DeliveryTestHost(IReadOnlyDictionary<string, string?> settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["MailManager:DataDirectory"] = DataDirectory,
            ["MailManager:Smtp:ReplacementMailFrom"] = ReplacementMailFrom,
            ["MailManager:Delivery:FirstRetryDelay"] = "00:00:00.200",
            ["MailManager:Delivery:MaxRetryDelay"] = "00:00:00.500",
            ["MailManager:Delivery:PollInterval"] = "00:00:00.250",
            ["MailManager:Delivery:ConnectTimeout"] = "00:00:05",
            ["MailManager:Delivery:CommandTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        Services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(_errors))
            .AddSingleton<IConfiguration>(configuration)
            .AddMailManagerStorage(configuration)
            .AddMailManagerDelivery()
            .BuildServiceProvider();
    }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "mm-delivery-" + Guid.NewGuid().ToString("N"));

    public ServiceProvider Services { get; }

    public static async Task<DeliveryTestHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new DeliveryTestHost(settings ?? new Dictionary<string, string?>());
        await host.Services.MigrateStorageAsync();
        await host.Get<MessageCommitQueue>().StartAsync(CancellationToken.None);
        return host;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public MessageSpool Spool => Get<MessageSpool>();

    /// <summary>Starts the registered processor, as the host would.</summary>
    public Task StartProcessorAsync() => StartAsync(Get<MessageProcessor>());

    /// <summary>A second processor over the same storage: what a restarted process would run.</summary>
    public Task StartNewProcessorAsync() => StartAsync(ActivatorUtilities.CreateInstance<MessageProcessor>(Services));

    public MailManagerDbContext NewDbContext() => Get<IDbContextFactory<MailManagerDbContext>>().CreateDbContext();

    public async Task<string> CreateRelayAsync(int port, string? secretId = null)
    {
        var result = await Get<RelayService>().CreateAsync(new RelayDraft
        {
            Name = "relay-" + Guid.NewGuid().ToString("N")[..8], ServerName = "127.0.0.1", ServerPort = port, SecretId = secretId,
        });
        Assert.True(result.Succeeded);
        return result.Id!;
    }

    public async Task<string> CreateSecretAsync(string userName, string password)
    {
        var result = await Get<SecretService>().CreateAsync(new SecretDraft
        {
            Name = "secret-" + Guid.NewGuid().ToString("N")[..8],
            Entries = [new() { Key = RelayCredentialKeys.Username, Value = userName }, new() { Key = RelayCredentialKeys.Password, Value = password }],
        });
        Assert.True(result.Succeeded);
        return result.Id!;
    }

    public async Task<string> CreateRuleSetAsync(params RuleAction[][] rules)
    {
        var result = await Get<RuleSetService>().CreateAsync(new RuleSetDraft
        {
            Name = "rules-" + Guid.NewGuid().ToString("N")[..8],
            Rules = rules.Select(actions => new Rule { Actions = [.. actions] }).ToList(),
        });
        Assert.True(result.Succeeded);
        return result.Id!;
    }

    /// <summary>Receives a message as the SMTP engine does: bytes into the spool, then the committed row.</summary>
    public async Task<string> ReceiveAsync(byte[] content, string mailFrom, string[] recipients, string? ruleSetId)
    {
        await using var spooled = Spool.Open();
        await spooled.Content.WriteAsync(content);
        var now = DateTimeOffset.UtcNow;
        await spooled.CommitAsync(new ReceivedMessage
        {
            IngressPointId = "inp-test",
            IngressPointName = "test-endpoint",
            SessionId = "session-1",
            ReceivedTimestamp = now,
            SourceIp = "127.0.0.1",
            HeloName = "client.example",
            MailFrom = mailFrom,
            SizeBytes = content.Length,
            RuleSetId = ruleSetId,
            LastUpdatedTimestamp = now,
            Recipients = recipients.Select(r => new MessageRecipient { Address = r }).ToList(),
        }, CancellationToken.None);
        return spooled.MessageId;
    }

    public async Task<ReceivedMessage> LoadAsync(string messageId)
    {
        await using var db = NewDbContext();
        return await db.Messages.AsNoTracking().Include(m => m.Recipients).Include(m => m.Actions)
            .AsSplitQuery().SingleAsync(m => m.MessageId == messageId);
    }

    public Task<ReceivedMessage> WaitForStatusAsync(string messageId, params MessageStatus[] statuses) =>
        Eventually.WaitAsync(() => LoadAsync(messageId), m => statuses.Contains(m.Status), $"message {messageId} to be {string.Join(" or ", statuses)}");

    public async ValueTask DisposeAsync()
    {
        foreach (var processor in _started)
        {
            await processor.StopAsync(CancellationToken.None);
        }
        await Get<MessageCommitQueue>().StopAsync(CancellationToken.None);
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
        Assert.Empty(_errors.Errors);
    }

    private async Task StartAsync(MessageProcessor processor)
    {
        _started.Add(processor);
        await processor.StartAsync(CancellationToken.None);
    }
}
