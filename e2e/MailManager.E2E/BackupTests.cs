using System.Text;
using MailManager.E2E.Infrastructure;
using Microsoft.Data.Sqlite;

namespace MailManager.E2E;

/// <summary>
/// README's backup, done as an administrator would: deploy/backup.sh while the published app runs and holds queued
/// mail, then the backup restored in place of the data folder and started.
/// </summary>
public sealed class BackupTests : IAsyncLifetime
{
    private const string RelayUser = "relay-user";
    private const string RelayPassword = "Relay-Passw0rd!";

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["MailManager__Admin__Password"] = "Backup-Admin-Passw0rd!",
        ["MailManager__Delivery__FirstRetryDelay"] = "00:00:01",
        ["MailManager__Delivery__MaxRetryDelay"] = "00:00:01",
    };

    private readonly TemporaryFolder _data = new("mm-backup-data-");
    private readonly TemporaryFolder _backups = new("mm-backup-dest-");
    private readonly TemporaryFolder _workingDirectory = new("mm-backup-cwd-");
    private readonly DownstreamServer _downstream = new(RelayUser, RelayPassword);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _downstream.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
        _backups.Dispose();
        _workingDirectory.Dispose();
    }

    [Fact]
    public async Task A_backup_taken_while_running_restores_the_resources_and_the_queued_mail()
    {
        int smtpPort = FreePort.Next();
        int relayPort = FreePort.Next();
        string endpointId = await GatewaySeed.OpenEndpointRelayingToAsync(_data.Path, smtpPort, relayPort, RelayUser, RelayPassword);
        string[] subjects = [.. Enumerable.Range(1, 3).Select(i => $"queued-{i}-{Guid.NewGuid():N}")];
        string backup = Path.Combine(_backups.Path, "backup");

        await using (PublishedApp app = await PublishedApp.StartAsync(_data.Path, _workingDirectory.Path, Settings))
        {
            await ServiceProbe.WaitUntilReadyAsync(app);

            // The downstream is down: the messages wait in the queue, retrying.
            foreach (string subject in subjects)
            {
                Assert.Equal("250 2.0.0", (await SendAsync(smtpPort, subject)).Status);
            }

            ExternalProcess.Result result = await ExternalProcess.RunAsync("bash", [RepositoryRoot.Combine("deploy", "backup.sh"), _data.Path, backup], TimeSpan.FromMinutes(1));
            Assert.True(result.ExitCode == 0, result.All);
            Assert.Contains("3 spool file(s)", result.Output);
            Assert.Equal(0, await app.StopAsync(TimeSpan.FromSeconds(60)));
        }

        // The restored folder is a data folder of its own: the same endpoint listens on the same port, and once the
        // downstream is back the queued messages are relayed, with the relay's secret decrypted by the restored keys.
        await _downstream.StartAsync(relayPort);
        await using PublishedApp restored = await PublishedApp.StartAsync(backup, _workingDirectory.Path, Settings);
        await ServiceProbe.WaitUntilReadyAsync(restored);
        Assert.Equal(endpointId, await ScalarAsync(backup, "select IngressPointId from IngressPoints"));
        using CancellationTokenSource limit = new(TimeSpan.FromSeconds(60));
        while (!subjects.All(s => _downstream.Received.Any(m => m.Content.Contains(s, StringComparison.Ordinal))))
        {
            Assert.False(limit.IsCancellationRequested, $"The restored app did not relay the queued messages:\n{restored.Output}");
            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Equal("250 2.0.0", (await SendAsync(smtpPort, "after-restore")).Status);
    }

    private static async Task<SmtpTestReply> SendAsync(int port, string subject)
    {
        await using RawSmtpClient client = await RawSmtpClient.ConnectGreetedAsync(port);
        await client.EhloAsync();
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<someone@example.com>")).Status);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        await client.SendBytesAsync(TestMessages.Wire(Encoding.ASCII.GetBytes($"Subject: {subject}\r\n\r\nqueued while the downstream was down\r\n")));
        return await client.ReadReplyAsync();
    }

    private static async Task<string?> ScalarAsync(string dataDirectory, string sql)
    {
        await using SqliteConnection connection = new($"Data Source={Path.Combine(dataDirectory, "mailmanager.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (string?)await command.ExecuteScalarAsync();
    }
}
