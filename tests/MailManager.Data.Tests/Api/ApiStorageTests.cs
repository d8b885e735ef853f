using System.Text;
using MailManager.Data.Api;
using Microsoft.Data.Sqlite;

namespace MailManager.Data.Tests.Api;

public sealed class ApiStorageTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private ApiAccessKeyService Keys => _storage.Get<ApiAccessKeyService>();
    private ResourceTagService Tags => _storage.Get<ResourceTagService>();
    private ApiRecords Records => _storage.Get<ApiRecords>();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task A_new_key_has_the_AWS_shape_and_its_secret_is_not_in_the_database_file()
    {
        var created = await Keys.CreateAsync("deploy pipeline");
        SqliteConnection.ClearAllPools();

        Assert.Matches("^AKIA[A-Z2-7]{16}$", created.AccessKeyId);
        Assert.Equal(40, created.SecretAccessKey.Length);
        var text = string.Concat(await Task.WhenAll(Directory.GetFiles(_storage.DataDirectory, "mailmanager.db*")
            .Select(async f => Encoding.UTF8.GetString(await File.ReadAllBytesAsync(f)))));
        Assert.Contains(created.AccessKeyId, text);
        Assert.DoesNotContain(created.SecretAccessKey, text);
        Assert.Equal((created.SecretAccessKey, true), await Keys.FindSecretAsync(created.AccessKeyId));
    }

    [Fact]
    public async Task A_deactivated_key_is_found_inactive_and_a_deleted_one_not_at_all()
    {
        var created = await Keys.CreateAsync(null);

        Assert.True(await Keys.SetActiveAsync(created.AccessKeyId, false));
        Assert.False((await Keys.FindSecretAsync(created.AccessKeyId))!.Value.Active);
        Assert.True(await Keys.DeleteAsync(created.AccessKeyId));
        Assert.Null(await Keys.FindSecretAsync(created.AccessKeyId));
        Assert.False(await Keys.SetActiveAsync(created.AccessKeyId, true));
    }

    [Fact]
    public async Task Last_used_is_written_once_a_minute_at_most()
    {
        var created = await Keys.CreateAsync(null);
        Assert.Null((await Keys.GetAsync(created.AccessKeyId))!.LastUsedTimestamp);

        await Keys.RecordUseAsync(created.AccessKeyId);
        var first = (await Keys.GetAsync(created.AccessKeyId))!.LastUsedTimestamp;
        _storage.Clock.Advance(TimeSpan.FromSeconds(30));
        await Keys.RecordUseAsync(created.AccessKeyId);
        Assert.Equal(first, (await Keys.GetAsync(created.AccessKeyId))!.LastUsedTimestamp);
        _storage.Clock.Advance(TimeSpan.FromSeconds(31));
        await Keys.RecordUseAsync(created.AccessKeyId);

        Assert.Equal(first!.Value.AddSeconds(61), (await Keys.GetAsync(created.AccessKeyId))!.LastUsedTimestamp);
    }

    [Fact]
    public async Task Tags_are_upserted_removed_and_capped_at_200()
    {
        Assert.True(await Tags.SetAsync("rs-a", [new("team", "mail"), new("env", "prod")]));
        Assert.True(await Tags.SetAsync("rs-a", [new("env", "test")]));
        Assert.Equal(["env=test", "team=mail"], (await Tags.ListAsync("rs-a")).Select(t => $"{t.Key}={t.Value}"));

        await Tags.RemoveAsync("rs-a", ["team", "absent"]);
        Assert.Equal(["env"], (await Tags.ListAsync("rs-a")).Select(t => t.Key));

        var many = Enumerable.Range(0, 200).Select(i => new KeyValuePair<string, string>($"k{i}", "v")).ToList();
        Assert.False(await Tags.SetAsync("rs-a", many));
        Assert.Single(await Tags.ListAsync("rs-a"));
        Assert.Empty(await Tags.ListAsync("rs-b"));
    }

    [Fact]
    public async Task Deleting_a_resource_from_the_console_takes_its_tags_with_it()
    {
        var relays = _storage.Get<MailManager.Data.Relays.RelayService>();
        var id = (await relays.CreateAsync(new MailManager.Core.Relays.RelayDraft { Name = "tagged", ServerName = "smtp.example.com", ServerPort = 25 })).Id!;
        await Tags.SetAsync(id, [new("team", "mail")]);

        Assert.True((await relays.DeleteAsync(id)).Deleted);

        Assert.Empty(await Tags.ListAsync(id));
    }

    [Fact]
    public async Task A_client_token_is_remembered_for_a_day()
    {
        await Records.RecordCreateAsync("CreateRuleSet", "token-1", "hash", "rs-1");

        Assert.Equal("rs-1", (await Records.FindCreateAsync("CreateRuleSet", "token-1"))!.ResourceId);
        Assert.Null(await Records.FindCreateAsync("CreateRelay", "token-1"));
        _storage.Clock.Advance(ApiRecords.ClientTokenLifetime + TimeSpan.FromSeconds(1));
        Assert.Null(await Records.FindCreateAsync("CreateRuleSet", "token-1"));
    }

    [Fact]
    public async Task Changes_are_listed_per_key_newest_first()
    {
        await Records.RecordChangeAsync("AKIA1", "CreateRuleSet", "rs-1");
        await Records.RecordChangeAsync("AKIA2", "CreateRelay", "rl-1");
        await Records.RecordChangeAsync("AKIA1", "DeleteRuleSet", "rs-1");

        Assert.Equal(["DeleteRuleSet", "CreateRuleSet"], (await Records.ListChangesAsync("AKIA1", 10)).Select(c => c.Operation));
    }
}
