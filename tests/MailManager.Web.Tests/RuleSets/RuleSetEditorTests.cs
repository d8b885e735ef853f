using MailManager.Core.RuleSets.Actions;
using Bunit;
using MailManager.Core.RuleSets;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Web.Components.Pages.RuleSets;
using MailManager.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MailManager.Web.Tests.RuleSets;

public sealed class RuleSetEditorTests : ConsoleTestContext
{
    private IRenderedComponent<MudPopoverProvider> _popovers = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The selects' options live in popovers, rendered by the provider as in MainLayout.
        _popovers = Context.Render<MudPopoverProvider>();
    }

    [Fact]
    public async Task Invalid_input_shows_messages_next_to_the_fields_and_saves_nothing()
    {
        await CreateRelayAsync("exchange");
        var page = Context.Render<RuleSetCreate>();

        page.FillIn("Rule set name", "bad name!");
        page.ClickButton("Create new rule");
        page.FillIn("Rule 1 name", "not valid!");
        page.ClickButton("Create new rule");
        page.ClickButton("Add new action to rule 2");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains(
            "The name can contain only letters, numbers, periods (.), hyphens (-) and underscores (_).",
            page.FieldNamed("Rule set name").TextContent));
        Assert.Contains("A rule name can contain only letters", page.FieldNamed("Rule 1 name").TextContent);
        Assert.Contains("Add at least one action.", page.Region("Rule 1").TextContent);
        Assert.DoesNotContain("Add at least one action.", page.Region("Rule 2").TextContent);
        Assert.Contains("Choose an SMTP relay.", page.FieldNamed("Rule 2 action 1 SMTP relay").TextContent);
        Assert.Empty(await Service<RuleSetService>().ListAsync());
    }

    [Fact]
    public async Task A_valid_rule_set_is_saved_with_its_rules_and_actions_in_order()
    {
        var relayId = await CreateRelayAsync("exchange");
        var page = Context.Render<RuleSetCreate>();

        page.FillIn("Rule set name", "inbound");
        page.ClickButton("Create new rule");
        page.FillIn("Rule 1 name", "drop-spam");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 1", "Drop");
        page.ClickButton("Create new rule");
        page.FillIn("Rule 2 name", "to-exchange");
        page.ClickButton("Add new action to rule 2");
        page.Choose(_popovers, "Rule 2 action 1 SMTP relay", "exchange");
        page.Radio("Rule 2 action 1 Mail from", "Replace").Click();
        page.Find("form").Submit();

        WaitForDetailPage(page);
        var saved = Assert.Single(await Service<RuleSetService>().ListAsync());
        Assert.Equal("inbound", saved.RuleSetName);
        Assert.Collection(saved.Rules,
            rule =>
            {
                Assert.Equal("drop-spam", rule.Name);
                Assert.Equal(RuleActionType.Drop, Assert.Single(rule.Actions).Type);
            },
            rule =>
            {
                Assert.Equal("to-exchange", rule.Name);
                var action = Assert.Single(rule.Actions);
                Assert.Equal(RuleActionType.Relay, action.Type);
                Assert.Equal(relayId, action.Relay?.Relay);
                Assert.Equal(MailFrom.Replace, action.Relay?.MailFrom);
            });
    }

    [Fact]
    public async Task After_a_failed_submit_messages_follow_the_edits()
    {
        await CreateRelayAsync("exchange");
        var page = Context.Render<RuleSetCreate>();

        page.FillIn("Rule set name", "inbound");
        page.ClickButton("Create new rule");
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Contains("Add at least one action.", page.Region("Rule 1").TextContent));

        page.ClickButton("Add new action to rule 1");
        page.WaitForAssertion(() => Assert.DoesNotContain("Add at least one action.", page.Region("Rule 1").TextContent));
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Contains("Choose an SMTP relay.", page.FieldNamed("Rule 1 action 1 SMTP relay").TextContent));

        page.Choose(_popovers, "Rule 1 action 1 SMTP relay", "exchange");
        page.WaitForAssertion(() => Assert.DoesNotContain("Choose an SMTP relay.", page.Markup));
        Assert.Empty(await Service<RuleSetService>().ListAsync());
    }

    [Fact]
    public async Task Moving_rules_up_and_down_changes_the_saved_order()
    {
        var page = Context.Render<RuleSetCreate>();
        page.FillIn("Rule set name", "ordered");
        foreach (var (name, number) in new[] { ("first", 1), ("second", 2), ("third", 3) })
        {
            page.ClickButton("Create new rule");
            page.FillIn($"Rule {number} name", name);
            page.ClickButton($"Add new action to rule {number}");
            page.Choose(_popovers, $"Rule {number} action 1", "Drop");
        }

        page.ClickButton("Move rule 3 up");
        page.ClickButton("Move rule 1 down");
        page.Find("form").Submit();

        WaitForDetailPage(page);
        var saved = Assert.Single(await Service<RuleSetService>().ListAsync());
        Assert.Equal(["third", "first", "second"], saved.Rules.Select(r => r.Name));
    }

    [Fact]
    public async Task Moving_and_removing_actions_changes_the_saved_actions()
    {
        var relayId = await CreateRelayAsync("exchange");
        var page = Context.Render<RuleSetCreate>();
        page.FillIn("Rule set name", "actions");
        page.ClickButton("Create new rule");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 1", "Drop");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 2 SMTP relay", "exchange");
        page.ClickButton("Add new action to rule 1");

        page.ClickButton("Move action 2 of rule 1 up");
        page.ClickButton("Remove action 3 of rule 1");
        page.Find("form").Submit();

        WaitForDetailPage(page);
        var rule = Assert.Single(Assert.Single(await Service<RuleSetService>().ListAsync()).Rules);
        Assert.Collection(rule.Actions,
            action => Assert.Equal((RuleActionType.Relay, relayId, MailFrom.Preserve), (action.Type!.Value, action.Relay!.Relay, action.Relay.MailFrom)),
            action => Assert.Equal(RuleActionType.Drop, action.Type));
    }

    [Fact]
    public async Task Editing_loads_the_rules_and_saving_replaces_them()
    {
        var relayId = await CreateRelayAsync("exchange");
        var rules = Service<RuleSetService>();
        var created = await rules.CreateAsync(new RuleSetDraft
        {
            Name = "existing",
            Rules =
            [
                new Rule { Name = "drop-all", Actions = [RuleAction.OfDrop()] },
                new Rule { Name = "relay-all", Actions = [RuleAction.OfRelay(relayId, MailFrom.Replace)] },
            ],
        });
        var page = Context.Render<RuleSetEdit>(p => p.Add(e => e.RuleSetId, created.Id!));

        page.WaitForAssertion(() => Assert.Equal("existing", page.InputValue("Rule set name")));
        Assert.Equal("drop-all", page.InputValue("Rule 1 name"));
        Assert.Equal("relay-all", page.InputValue("Rule 2 name"));
        Assert.Equal("Drop", page.SelectedText("Rule 1 action 1"));
        page.WaitForAssertion(() => Assert.Equal("exchange", page.SelectedText("Rule 2 action 1 SMTP relay")));
        Assert.True(page.Radio("Rule 2 action 1 Mail from", "Replace").HasAttribute("checked"));

        page.ClickButton("Remove rule 1");
        page.FillIn("Rule 1 name", "relay-renamed");
        page.ClickButton("Save rule set");

        Assert.Equal(created.Id, WaitForDetailPage(page));
        var saved = await rules.GetAsync(created.Id!);
        var rule = Assert.Single(saved!.Rules);
        Assert.Equal("relay-renamed", rule.Name);
        Assert.Equal((RuleActionType.Relay, relayId, MailFrom.Replace), (Assert.Single(rule.Actions).Type!.Value, rule.Actions[0].Relay!.Relay, rule.Actions[0].Relay!.MailFrom));
    }

    /// <summary>Saving ends on the rule set's detail page; returns its ID.</summary>
    private string WaitForDetailPage<T>(IRenderedComponent<T> page) where T : IComponent
    {
        var navigation = Service<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches("/rule-sets/rs-[a-z0-9]{26}$", navigation.Uri));
        return navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..];
    }

    private async Task<string> CreateRelayAsync(string name)
    {
        var result = await Service<RelayService>().CreateAsync(new() { Name = name, ServerName = "mx.example.com", ServerPort = 25 });
        return result.Id!;
    }
}
