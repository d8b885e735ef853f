using System.Text;
using MailManager.Core.Relays;
using MailManager.Core.Secrets;
using MailManager.Data.Relays;
using MailManager.Data.Secrets;
using Microsoft.Data.Sqlite;

namespace MailManager.Data.Tests;

public sealed class SecretServiceTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private SecretService Secrets => _storage.Get<SecretService>();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    private static SecretDraft Credentials(string name, string user = "relay-user", string password = "s3cr3t-Pa55word-XYZ") => new()
    {
        Name = name,
        Entries = [new() { Key = "username", Value = user }, new() { Key = "password", Value = password }],
    };

    [Fact]
    public async Task No_secret_value_is_in_the_database_file_in_plaintext()
    {
        const string password = "Plaintext-Canary-7f3a9c";
        var created = await Secrets.CreateAsync(Credentials("exchange-credentials", "canary-user-51d2", password));
        Assert.True(created.Succeeded, created.Errors.ToString());
        SqliteConnection.ClearAllPools();

        // The main file and any write-ahead log beside it.
        var text = string.Concat(await Task.WhenAll(Directory.GetFiles(_storage.DataDirectory, "mailmanager.db*")
            .Select(async f => Encoding.UTF8.GetString(await File.ReadAllBytesAsync(f)))));

        Assert.Contains("exchange-credentials", text);
        Assert.DoesNotContain(password, text);
        Assert.DoesNotContain("canary-user-51d2", text);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), text);
    }

    [Fact]
    public async Task Values_can_be_read_back_only_through_the_service()
    {
        var created = await Secrets.CreateAsync(Credentials("creds"));

        var values = await Secrets.ReadValuesAsync(created.Id!);

        Assert.Equal("relay-user", values!["username"]);
        Assert.Equal("s3cr3t-Pa55word-XYZ", values["password"]);
    }

    [Fact]
    public async Task Updating_with_a_blank_value_keeps_the_stored_one_and_a_new_value_replaces_it()
    {
        var id = (await Secrets.CreateAsync(Credentials("creds"))).Id!;
        var before = (await Secrets.GetAsync(id))!;
        _storage.Clock.Advance(TimeSpan.FromMinutes(5));

        var update = new SecretDraft
        {
            Name = "creds",
            Entries = [new() { Key = "username", Value = null, IsStored = true }, new() { Key = "password", Value = "new-password-1", IsStored = true }],
        };
        var result = await Secrets.UpdateAsync(id, update);

        Assert.True(result.Succeeded, result.Errors.ToString());
        var values = await Secrets.ReadValuesAsync(id);
        Assert.Equal("relay-user", values!["username"]);
        Assert.Equal("new-password-1", values["password"]);
        var after = (await Secrets.GetAsync(id))!;
        Assert.Equal(before.Entries[0].LastChangedTimestamp, after.Entries[0].LastChangedTimestamp);
        Assert.Equal(before.Entries[1].LastChangedTimestamp + TimeSpan.FromMinutes(5), after.Entries[1].LastChangedTimestamp);
    }

    [Fact]
    public async Task Names_are_unique()
    {
        await Secrets.CreateAsync(Credentials("creds"));

        var second = await Secrets.CreateAsync(Credentials("creds"));

        Assert.False(second.Succeeded);
        Assert.Equal("A secret named 'creds' already exists.", Assert.Single(second.Errors.For(nameof(SecretDraft.Name))));
        Assert.Single(await Secrets.ListAsync());
    }

    [Fact]
    public async Task A_secret_used_by_a_relay_cannot_be_deleted_and_the_message_names_the_relay()
    {
        var secretId = (await Secrets.CreateAsync(Credentials("creds"))).Id!;
        await _storage.Get<RelayService>().CreateAsync(new RelayDraft { Name = "to-exchange", ServerName = "mail.example.com", ServerPort = 587, SecretId = secretId });

        var result = await Secrets.DeleteAsync(secretId);

        Assert.False(result.Deleted);
        Assert.Contains("'to-exchange'", result.Refusal);
        Assert.NotNull(await Secrets.GetAsync(secretId));
    }

    [Fact]
    public async Task A_secret_used_by_a_relay_keeps_exactly_username_and_password()
    {
        var secretId = (await Secrets.CreateAsync(Credentials("creds"))).Id!;
        await _storage.Get<RelayService>().CreateAsync(new RelayDraft { Name = "to-exchange", ServerName = "mail.example.com", ServerPort = 587, SecretId = secretId });

        var result = await Secrets.UpdateAsync(secretId, new SecretDraft { Name = "creds", Entries = [new() { Key = "password", IsStored = true }] });

        Assert.False(result.Succeeded);
        Assert.Contains("'to-exchange'", Assert.Single(result.Errors.For(nameof(SecretDraft.Entries))));
    }

    [Fact]
    public async Task An_unused_secret_is_deleted()
    {
        var secretId = (await Secrets.CreateAsync(Credentials("creds"))).Id!;

        Assert.True((await Secrets.DeleteAsync(secretId)).Deleted);
        Assert.Null(await Secrets.GetAsync(secretId));
    }
}
