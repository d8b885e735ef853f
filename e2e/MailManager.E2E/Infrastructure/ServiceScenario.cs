using System.Text;
using MailManager.Core.RuleSets;
using Microsoft.Data.Sqlite;

namespace MailManager.E2E.Infrastructure;

/// <summary>
/// The setting of the service tests: a data folder seeded with an open endpoint relaying to a downstream server that
/// is down until a test starts it, a foreign working directory, and the published app started on them the way the
/// unit starts it. Retries come within a second, so mail deferred while the downstream was down goes out soon after.
/// </summary>
public sealed class ServiceScenario : IAsyncDisposable
{
    private const string RelayUser = "relay-user";
    private const string RelayPassword = "Relay-Passw0rd!";

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["MailManager__Admin__Password"] = "Serv1ce-Admin-Passw0rd!",
        ["MailManager__Delivery__FirstRetryDelay"] = "00:00:01",
        ["MailManager__Delivery__MaxRetryDelay"] = "00:00:01",
    };

    private readonly TemporaryFolder _workingDirectory = new("mm-service-cwd-");
    private readonly DownstreamServer _downstream = new(RelayUser, RelayPassword);

    private ServiceScenario(TemporaryFolder data, string endpointId, int smtpPort, int relayPort)
    {
        Data = data;
        EndpointId = endpointId;
        SmtpPort = smtpPort;
        RelayPort = relayPort;
    }

    public TemporaryFolder Data { get; }

    public string EndpointId { get; }

    public int SmtpPort { get; }

    public int RelayPort { get; }

    /// <param name="rules">The rule set's rules given the relay's ID; by default one rule relaying everything.</param>
    public static async Task<ServiceScenario> CreateAsync(Func<string, List<Rule>>? rules = null)
    {
        TemporaryFolder data = new("mm-service-data-");
        int smtpPort = FreePort.Next();
        int relayPort = FreePort.Next();
        string endpointId = await GatewaySeed.OpenEndpointRelayingToAsync(data.Path, smtpPort, relayPort, RelayUser, RelayPassword, rules);
        return new ServiceScenario(data, endpointId, smtpPort, relayPort);
    }

    /// <summary>Starts the published app on <paramref name="dataDirectory"/> (the seeded one by default) and waits until /readyz says ready.</summary>
    public async Task<PublishedApp> StartAppAsync(string? dataDirectory = null)
    {
        PublishedApp app = await PublishedApp.StartAsync(dataDirectory ?? Data.Path, _workingDirectory.Path, Settings);
        await ServiceProbe.WaitUntilReadyAsync(app);
        return app;
    }

    public Task StartDownstreamAsync() => _downstream.StartAsync(RelayPort);

    /// <summary>What the downstream server received with this subject.</summary>
    public IReadOnlyList<string> Received(string subject) =>
        _downstream.Received.Select(m => m.Content).Where(c => c.Contains(subject, StringComparison.Ordinal)).ToList();

    /// <summary>How many copies of the message with this subject the downstream server received.</summary>
    public int Relayed(string subject) => _downstream.Received.Count(m => m.Content.Contains(subject, StringComparison.Ordinal));

    /// <summary>Waits until the downstream server has every message with these subjects.</summary>
    public async Task WaitUntilRelayedAsync(PublishedApp app, params string[] subjects)
    {
        using CancellationTokenSource limit = new(TimeSpan.FromSeconds(60));
        while (!subjects.All(s => Relayed(s) > 0))
        {
            Assert.False(limit.IsCancellationRequested, $"Not relayed: {string.Join(", ", subjects.Where(s => Relayed(s) == 0))}\n{app.Output}");
            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>One message over plaintext SMTP to the seeded endpoint; returns the reply to its end of data.</summary>
    public async Task<SmtpTestReply> SendAsync(string subject)
    {
        await using RawSmtpClient client = await RawSmtpClient.ConnectGreetedAsync(SmtpPort);
        await client.EhloAsync();
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<someone@example.com>")).Status);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        await client.SendBytesAsync(TestMessages.Wire(Encoding.ASCII.GetBytes($"Subject: {subject}\r\n\r\na test message\r\n")));
        return await client.ReadReplyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _downstream.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Data.Dispose();
        _workingDirectory.Dispose();
    }
}
