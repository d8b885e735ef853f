using MailManager.Core.RuleSets.Actions;
using Bunit;
using MailManager.Core.RuleSets;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Web.Components.Pages.RuleSets;
using MailManager.Web.Tests.Infrastructure;

namespace MailManager.Web.Tests.RuleSets;

public sealed class RuleSetPagesTests : ConsoleTestContext
{
    [Fact]
    public async Task The_detail_page_lists_the_rules_and_their_actions_in_order()
    {
        var relay = await Service<RelayService>().CreateAsync(new() { Name = "exchange", ServerName = "mx.example.com", ServerPort = 25 });
        var created = await Service<RuleSetService>().CreateAsync(new RuleSetDraft
        {
            Name = "inbound",
            Rules =
            [
                new Rule { Name = "drop-all", Actions = [RuleAction.OfDrop()] },
                new Rule { Actions = [RuleAction.OfRelay(relay.Id!, MailFrom.Preserve), RuleAction.OfDrop()] },
            ],
        });

        var page = Context.Render<RuleSetDetail>(p => p.Add(d => d.RuleSetId, created.Id!));

        page.WaitForAssertion(() => Assert.Equal(created.Id, page.Find("h1").TextContent.Trim()));
        Assert.Contains("inbound", page.Find("dl").TextContent);
        var rules = page.FindAll("ol[aria-label^='Actions of rule']");
        Assert.Equal(["Rule 1: drop-all", "Rule 2: No name"], page.FindAll("h3").Select(h => h.TextContent.Trim()));
        Assert.Equal(["Drop"], rules[0].QuerySelectorAll("li").Select(li => li.TextContent.Trim()));
        Assert.Equal(["SMTP relay: exchange (Mail from: Preserve)", "Drop"], rules[1].QuerySelectorAll("li").Select(li => li.TextContent.Trim()));
        Assert.Equal($"smtp-relays/{relay.Id}", rules[1].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_list_shows_each_rule_set_with_its_number_of_rules()
    {
        await Service<RuleSetService>().CreateAsync(new RuleSetDraft
        {
            Name = "two-rules",
            Rules = [new Rule { Actions = [RuleAction.OfDrop()] }, new Rule { Actions = [RuleAction.OfDrop()] }],
        });

        var page = Context.Render<RuleSetList>();

        page.WaitForAssertion(() => Assert.Contains("two-rules", page.Find("tbody").TextContent));
        Assert.Equal(["Name", "ID", "Rules", "Last modified"], page.FindAll("thead th").Skip(1).Select(th => th.TextContent.Trim()));
        Assert.Equal("2", page.FindAll("tbody td")[3].TextContent.Trim());
    }

    [Fact]
    public void Without_relays_the_relay_select_says_so_and_links_to_creating_one()
    {
        var page = Context.Render<RuleSetCreate>();

        page.ClickButton("Create new rule");
        page.ClickButton("Add new action to rule 1");

        page.WaitForAssertion(() => Assert.Contains("There are no SMTP relays yet.", page.FieldNamed("Rule 1 action 1 SMTP relay").TextContent));
        Assert.NotNull(page.Find("a[href='smtp-relays/create']"));
    }
}
