using System.Text;
using MailManager.E2E.Infrastructure;

namespace MailManager.E2E;

/// <summary>
/// The published app as systemd runs it (the unit's environment, a foreign working directory, the data folder
/// elsewhere), stopped with SIGTERM in the middle of a transaction and started again on the same data folder.
/// </summary>
public sealed class ServiceLifecycleTests : IAsyncLifetime
{
    private const string RelayUser = "relay-user";
    private const string RelayPassword = "Relay-Passw0rd!";

    // Retries within a second, so the message deferred while the downstream was down goes out soon after the restart.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["MailManager__Admin__Password"] = "Serv1ce-Admin-Passw0rd!",
        ["MailManager__Delivery__FirstRetryDelay"] = "00:00:01",
        ["MailManager__Delivery__MaxRetryDelay"] = "00:00:01",
    };

    private readonly TemporaryFolder _data = new("mm-service-data-");
    private readonly TemporaryFolder _workingDirectory = new("mm-service-cwd-");
    private readonly DownstreamServer _downstream = new(RelayUser, RelayPassword);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _downstream.DisposeAsync();
        _data.Dispose();
        _workingDirectory.Dispose();
    }

    [Fact]
    public async Task Sigterm_mid_transaction_loses_nothing_and_the_message_is_relayed_after_the_restart()
    {
        int smtpPort = FreePort.Next();
        int relayPort = FreePort.Next();
        await GatewaySeed.OpenEndpointRelayingToAsync(_data.Path, smtpPort, relayPort, RelayUser, RelayPassword);
        string subject = "sigterm-" + Guid.NewGuid().ToString("N");
        byte[] content = Encoding.ASCII.GetBytes($"Subject: {subject}\r\n\r\n" + string.Concat(Enumerable.Repeat("a line of the body that was half sent\r\n", 2000)));
        int half = content.Length / 2;
        SmtpTestReply reply;

        await using (PublishedApp app = await PublishedApp.StartAsync(_data.Path, _workingDirectory.Path, Settings))
        {
            await ServiceProbe.WaitUntilReadyAsync(app);
            await using RawSmtpClient idle = await RawSmtpClient.ConnectGreetedAsync(smtpPort);
            await idle.EhloAsync("idle.test");
            await using RawSmtpClient busy = await RawSmtpClient.ConnectGreetedAsync(smtpPort);
            await busy.EhloAsync("busy.test");
            Assert.Equal("250 2.1.0", (await busy.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
            Assert.Equal("250 2.1.5", (await busy.CommandAsync("RCPT TO:<someone@example.com>")).Status);
            Assert.Equal(354, (await busy.CommandAsync("DATA")).Code);
            await busy.SendBytesAsync(content.AsMemory(0, half));

            Task<int> exit = app.StopAsync(TimeSpan.FromSeconds(60));

            // The drain has begun: the idle session is told to come back later, and the listener refuses new ones.
            Assert.Equal("421 4.3.2", (await idle.ReadReplyAsync()).Status);
            await busy.SendBytesAsync(TestMessages.Wire(content).AsMemory(half));
            reply = await busy.ReadReplyAsync();
            Assert.True(reply.Code == 250 || reply.Code / 100 == 4, $"The message in DATA got '{reply}': it must be 250 or a temporary refusal.");
            Assert.True(await exit == 0, $"The app exited with {await exit}:\n{app.Output}");
        }

        await _downstream.StartAsync(relayPort);
        await using PublishedApp restarted = await PublishedApp.StartAsync(_data.Path, _workingDirectory.Path, Settings);
        await ServiceProbe.WaitUntilReadyAsync(restarted);
        if (reply.Code == 250)
        {
            // Accepted before the stop: stored durably, so relayed after the restart, once.
            using CancellationTokenSource limit = new(TimeSpan.FromSeconds(60));
            while (!_downstream.Received.Any(m => m.Content.Contains(subject, StringComparison.Ordinal)))
            {
                Assert.False(limit.IsCancellationRequested, $"The message accepted before SIGTERM was not relayed after the restart:\n{restarted.Output}");
                await Task.Delay(50, CancellationToken.None);
            }

            Assert.Single(_downstream.Received, m => m.Content.Contains(subject, StringComparison.Ordinal));
        }
    }
}
