using MailManager.E2E.Infrastructure;
using Microsoft.Data.Sqlite;

namespace MailManager.E2E;

/// <summary>
/// README's backup, done as an administrator would: deploy/backup.sh while the published app runs and holds queued
/// mail, then the backup restored as a data folder of its own and started.
/// </summary>
public sealed class BackupTests
{
    [Fact]
    public async Task A_backup_taken_while_running_restores_the_resources_and_the_queued_mail()
    {
        await using ServiceScenario scenario = await ServiceScenario.CreateAsync();
        using TemporaryFolder backups = new("mm-backup-");
        string backup = Path.Combine(backups.Path, "backup");
        string[] subjects = [.. Enumerable.Range(1, 3).Select(i => $"queued-{i}-{Guid.NewGuid():N}")];

        await using (PublishedApp app = await scenario.StartAppAsync())
        {
            // The downstream is down: the messages wait in the queue, retrying.
            foreach (string subject in subjects)
            {
                Assert.Equal("250 2.0.0", (await scenario.SendAsync(subject)).Status);
            }

            ExternalProcess.Result result = await ExternalProcess.RunAsync("bash", [RepositoryRoot.Combine("deploy", "backup.sh"), scenario.Data.Path, backup], TimeSpan.FromMinutes(1));
            Assert.True(result.ExitCode == 0, result.All);
            Assert.Contains("3 spool file(s)", result.Output);
            Assert.Equal(0, await app.StopAsync(TimeSpan.FromSeconds(60)));
        }

        // The restored folder: the same endpoint listens on the same port, and once the downstream is back the queued
        // messages are relayed, with the relay's secret decrypted by the restored keys.
        await scenario.StartDownstreamAsync();
        await using PublishedApp restored = await scenario.StartAppAsync(backup);
        Assert.Equal(scenario.EndpointId, await ScalarAsync(backup, "select IngressPointId from IngressPoints"));
        await scenario.WaitUntilRelayedAsync(restored, subjects);
        Assert.Equal("250 2.0.0", (await scenario.SendAsync("after-restore")).Status);
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
