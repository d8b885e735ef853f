using Bunit;
using MailManager.Core.AddressLists;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.AddressLists;
using MailManager.Data.TrafficPolicies;
using MailManager.Web.Components.Pages.AddressLists;
using MailManager.Web.Tests.Infrastructure;
using MailManager.Web.Tests.RuleSets;
using MudBlazor;

namespace MailManager.Web.Tests.AddressLists;

public sealed class AddressListPagesTests : ConsoleTestContext
{
    private AddressListService Lists => Service<AddressListService>();

    [Fact]
    public async Task Delete_asks_to_type_confirm_and_a_list_in_use_is_refused_naming_the_policy()
    {
        var id = (await Lists.CreateAsync(new AddressListDraft { Name = "staff" })).Id!;
        await Service<TrafficPolicyService>().CreateAsync(new TrafficPolicyDraft
        {
            Name = "staff-only",
            PolicyStatements = [new() { Action = AcceptAction.Allow, Conditions = [new() { BooleanExpression = new() { Operator = BooleanOperator.IsTrue, AddressListId = id } }] }],
        });
        var dialogs = Context.Render<MudDialogProvider>();
        var page = Context.Render<AddressListList>();
        page.WaitForAssertion(() => Assert.Contains("staff", page.Find("tbody").TextContent));

        page.Find("tbody input[type=radio]").Click();
        page.ClickButton("Delete");
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find(".mud-dialog")));
        var delete = dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete");
        Assert.True(delete.HasAttribute("disabled"));
        dialogs.Find(".mud-dialog input").Input("confirm");
        dialogs.WaitForAssertion(() => Assert.False(dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete").HasAttribute("disabled")));
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete").Click();

        page.WaitForAssertion(() => Assert.Contains(
            "This address list is used by traffic policy 'staff-only'. Remove its conditions on the list first.", page.Find("[role=alert]").TextContent));
        Assert.NotNull(await Lists.GetAsync(id));
    }

    [Fact]
    public async Task The_detail_page_pages_members_from_the_server_and_shows_a_bad_address_at_its_field()
    {
        var id = (await Lists.CreateAsync(new AddressListDraft { Name = "staff" })).Id!;
        for (var i = 0; i < 30; i++)
        {
            await Lists.RegisterMemberAsync(id, new AddressListMemberDraft { Address = $"user{i:00}@example.com" });
        }

        var page = Context.Render<AddressListDetail>(p => p.Add(d => d.AddressListId, id));

        page.WaitForAssertion(() => Assert.Contains("Members (30)", page.Markup));
        Assert.Equal(25, page.FindAll("table[aria-label=Members] tbody tr").Count);
        page.Find("#" + page.FindAll("label").Single(l => l.TextContent.Trim() == "Email address").GetAttribute("for")).Input("not an address");
        page.ClickButton("Add email address");
        page.WaitForAssertion(() => Assert.Contains("'not an address' is not an email address or a domain.", page.FieldNamed("Email address").TextContent));
        Assert.Equal(30, await Lists.CountMembersAsync(id));
    }
}
