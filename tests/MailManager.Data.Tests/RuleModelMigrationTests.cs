using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;
using MailManager.Data.Common;
using MailManager.Data.Messages;
using MailManager.Data.RuleSets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MailManager.Data.Tests;

/// <summary>A database written before the rule model (rules as owned JSON, relay fields in columns), opened by this version.</summary>
public sealed class RuleModelMigrationTests : IAsyncLifetime
{
    // The last migration before the rule model.
    private const string BeforeRuleModel = "20261201232640_AddressLists";

    private readonly TemporaryStorage _storage = new();

    public async Task InitializeAsync()
    {
        await using var db = _storage.NewDbContext();
        await db.GetService<IMigrator>().MigrateAsync(BeforeRuleModel);
    }

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task Stored_rules_and_a_waiting_relay_action_come_through_in_the_union_shape()
    {
        var now = StoredTimestamp.From(_storage.Clock.GetUtcNow());
        await using (var db = _storage.NewDbContext())
        {
            // EF Core's owned JSON of the version before: actions as {Type, RelayId, MailFrom}.
            const string oldRules = """[{"Name":"relay","Actions":[{"MailFrom":"Replace","RelayId":"rl-1","Type":"Relay"},{"MailFrom":null,"RelayId":null,"Type":"Drop"}]},{"Name":null,"Actions":[{"Type":"Drop"}]}]""";
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO RuleSets (RuleSetId, RuleSetName, CreatedTimestamp, LastModifiedTimestamp, Rules) VALUES ('rs-old', 'old', {now}, {now}, {oldRules})
                """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO Messages (MessageId, IngressPointId, IngressPointName, SessionId, ReceivedTimestamp, SourceIp, HeloName, MailFrom,
                    SizeBytes, Status, RuleSetId, LastUpdatedTimestamp)
                VALUES ('msg-old', 'inp-1', 'gw', 'ses-1', {now}, '127.0.0.1', 'client.test', 'a@example.org', 100, 'Queued', 'rs-old', {now})
                """);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO MessageRecipients (MessageId, Address, Status) VALUES ('msg-old', 'b@example.com', 'Queued')
                """);
            var expires = StoredTimestamp.From(_storage.Clock.GetUtcNow().AddDays(1));
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO MessageActions (MessageId, RuleIndex, RuleName, ActionIndex, Type, RelayId, MailFrom, Recipients, Status, AttemptCount,
                    NextAttemptTimestamp, ExpiresTimestamp, Attempts)
                VALUES ('msg-old', 0, 'relay', 0, 'Relay', 'rl-1', 'Replace', '["b@example.com"]', 'Pending', 0, {now}, {expires}, '[]')
                """);
        }

        await _storage.Services.MigrateStorageAsync();

        var rules = (await _storage.Get<RuleSetService>().GetAsync("rs-old"))!.Rules;
        Assert.Equal(("relay", "rl-1", MailFrom.Replace), (rules[0].Name, rules[0].Actions[0].Relay!.Relay, rules[0].Actions[0].Relay!.MailFrom));
        Assert.Equal([RuleActionType.Relay, RuleActionType.Drop], rules[0].Actions.Select(a => a.Type!.Value));
        Assert.Equal(RuleActionType.Drop, Assert.Single(rules[1].Actions).Type);
        Assert.Empty(rules[0].Conditions);

        var store = new MessageProcessingStore(_storage.Get<IDbContextFactory<MailManagerDbContext>>(), _storage.Get<SqliteConnections>(), _storage.Get<DeliveryHandoff>(), _storage.Clock);
        var claimed = Assert.Single(await store.ClaimDueAsync(10));
        Assert.Equal((RuleActionType.Relay, "rl-1", MailFrom.Replace), (claimed.Type, claimed.Definition!.Relay!.Relay, claimed.Definition.Relay.MailFrom));
        Assert.Empty(claimed.AddedHeaders);
        await using var check = _storage.NewDbContext();
        Assert.Empty((await check.Messages.AsNoTracking().SingleAsync(m => m.MessageId == "msg-old")).RuleMatches);
    }
}
