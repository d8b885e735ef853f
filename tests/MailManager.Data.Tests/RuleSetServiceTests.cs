using MailManager.Core.RuleSets.Actions;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;

namespace MailManager.Data.Tests;

public sealed class RuleSetServiceTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private RuleSetService RuleSets => _storage.Get<RuleSetService>();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    private async Task<string> RelayAsync(string name) =>
        (await _storage.Get<RelayService>().CreateAsync(new RelayDraft { Name = name, ServerName = "mx.example.com", ServerPort = 25 })).Id!;

    [Fact]
    public async Task Rules_and_actions_keep_their_order_through_the_database()
    {
        var relayId = await RelayAsync("to-exchange");
        var draft = new RuleSetDraft
        {
            Name = "inbound",
            Rules =
            [
                new Rule { Name = "first", Actions = [RuleAction.OfRelay(relayId, MailFrom.Replace), RuleAction.OfDrop()] },
                new Rule { Name = "second", Actions = [RuleAction.OfDrop()] },
            ],
        };

        var id = (await RuleSets.CreateAsync(draft)).Id!;
        var saved = (await RuleSets.GetAsync(id))!;

        Assert.Matches("^rs-[a-z0-9]{26}$", saved.RuleSetId);
        Assert.Equal(["first", "second"], saved.Rules.Select(r => r.Name));
        Assert.Equal([RuleActionType.Relay, RuleActionType.Drop], saved.Rules[0].Actions.Select(a => a.Type));
        Assert.Equal(relayId, saved.Rules[0].Actions[0].Relay?.Relay);
        Assert.Equal(MailFrom.Replace, saved.Rules[0].Actions[0].Relay?.MailFrom);
    }

    [Fact]
    public async Task Update_replaces_all_rules_and_moves_the_last_modified_time()
    {
        var id = (await RuleSets.CreateAsync(new RuleSetDraft { Name = "rs", Rules = [new Rule { Name = "a", Actions = [RuleAction.OfDrop()] }] })).Id!;
        var before = (await RuleSets.GetAsync(id))!;
        _storage.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = await RuleSets.UpdateAsync(id, new RuleSetDraft { Name = "rs", Rules = [new Rule { Name = "b", Actions = [RuleAction.OfDrop()] }, new Rule { Name = "c", Actions = [RuleAction.OfDrop()] }] });

        Assert.True(result.Succeeded, result.Errors.ToString());
        var after = (await RuleSets.GetAsync(id))!;
        Assert.Equal(["b", "c"], after.Rules.Select(r => r.Name));
        Assert.Equal(before.CreatedTimestamp, after.CreatedTimestamp);
        Assert.Equal(before.LastModifiedTimestamp + TimeSpan.FromMinutes(5), after.LastModifiedTimestamp);
    }

    [Fact]
    public async Task A_relay_action_pointing_at_a_missing_relay_is_refused_on_that_action()
    {
        var result = await RuleSets.CreateAsync(new RuleSetDraft { Name = "rs", Rules = [new Rule { Actions = [RuleAction.OfDrop(), RuleAction.OfRelay("rl-gone")] }] });

        Assert.False(result.Succeeded);
        Assert.Single(result.Errors.For(RuleSetValidator.ActionField(0, 1, RuleActionType.Relay, "Relay")));
        Assert.Empty(await RuleSets.ListAsync());
    }

    [Fact]
    public async Task Names_are_unique()
    {
        await RuleSets.CreateAsync(new RuleSetDraft { Name = "rs" });

        var second = await RuleSets.CreateAsync(new RuleSetDraft { Name = "rs" });

        Assert.Equal("A rule set named 'rs' already exists.", Assert.Single(second.Errors.For(nameof(RuleSetDraft.Name))));
    }
}
