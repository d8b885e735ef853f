using MailManager.Core.RuleSets.Actions;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Core.Secrets;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Data.Secrets;

namespace MailManager.Data.Tests;

public sealed class RelayServiceTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private RelayService Relays => _storage.Get<RelayService>();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task An_inbound_relay_without_authentication_is_saved_with_an_rl_id_and_timestamps()
    {
        var result = await Relays.CreateAsync(new RelayDraft { Name = "to-m365", ServerName = "acme-com.mail.protection.outlook.com", ServerPort = 25 });

        Assert.True(result.Succeeded, result.Errors.ToString());
        var relay = (await Relays.GetAsync(result.Id!))!;
        Assert.Matches("^rl-[a-z0-9]{26}$", relay.RelayId);
        Assert.False(relay.IsAuthenticated);
        Assert.Equal(relay.CreatedTimestamp, relay.LastModifiedTimestamp);
        Assert.Equal(_storage.Clock.Now, relay.CreatedTimestamp);
    }

    [Fact]
    public async Task A_secret_without_exactly_username_and_password_is_refused_on_the_secret_field()
    {
        var secretId = (await _storage.Get<SecretService>().CreateAsync(new SecretDraft
        {
            Name = "only-password",
            Entries = [new() { Key = "password", Value = "x" }],
        })).Id!;

        var result = await Relays.CreateAsync(new RelayDraft { Name = "outbound", ServerName = "smtp.example.com", ServerPort = 587, SecretId = secretId });

        Assert.False(result.Succeeded);
        Assert.Contains("exactly the keys 'username' and 'password'", Assert.Single(result.Errors.For(nameof(RelayDraft.SecretId))));
        Assert.Empty(await Relays.ListAsync());
    }

    [Fact]
    public async Task A_relay_used_by_a_rule_set_cannot_be_deleted_and_the_message_names_the_rule_set()
    {
        var relayId = (await Relays.CreateAsync(new RelayDraft { Name = "to-exchange", ServerName = "mail.example.com", ServerPort = 25 })).Id!;
        var ruleSet = await _storage.Get<RuleSetService>().CreateAsync(new RuleSetDraft
        {
            Name = "inbound-rules",
            Rules = [new Rule { Name = "relay-all", Actions = [RuleAction.OfRelay(relayId)] }],
        });
        Assert.True(ruleSet.Succeeded, ruleSet.Errors.ToString());

        var result = await Relays.DeleteAsync(relayId);

        Assert.False(result.Deleted);
        Assert.Contains("'inbound-rules'", result.Refusal);
        Assert.NotNull(await Relays.GetAsync(relayId));
    }

    [Fact]
    public async Task Editing_changes_the_fields_and_the_last_modified_time()
    {
        var id = (await Relays.CreateAsync(new RelayDraft { Name = "relay", ServerName = "a.example.com", ServerPort = 25 })).Id!;
        var before = (await Relays.GetAsync(id))!;
        _storage.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = await Relays.UpdateAsync(id, new RelayDraft { Name = "relay-renamed", ServerName = "b.example.com", ServerPort = 2525 });

        Assert.True(result.Succeeded, result.Errors.ToString());
        var after = (await Relays.GetAsync(id))!;
        Assert.Equal(("relay-renamed", "b.example.com", 2525), (after.RelayName, after.ServerName, after.ServerPort));
        Assert.Equal(before.CreatedTimestamp, after.CreatedTimestamp);
        Assert.Equal(before.LastModifiedTimestamp + TimeSpan.FromMinutes(5), after.LastModifiedTimestamp);
    }
}
