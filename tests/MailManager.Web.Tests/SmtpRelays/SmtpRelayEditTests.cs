using Bunit;
using MailManager.Core.Relays;
using MailManager.Data.Relays;
using MailManager.Web.Components.Pages.SmtpRelays;
using MailManager.Web.Tests.Infrastructure;
using MailManager.Web.Tests.Secrets;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Tests.SmtpRelays;

public sealed class SmtpRelayEditTests : ConsoleTestContext
{
    [Fact]
    public async Task Changes_are_saved_and_the_detail_page_opens()
    {
        var relays = Service<RelayService>();
        var id = (await relays.CreateAsync(new RelayDraft { Name = "to-google", ServerName = "aspmx.l.google.com" })).Id!;
        var page = Context.Render<SmtpRelayEdit>(p => p.Add(x => x.RelayId, id));
        page.WaitForAssertion(() => Assert.Contains("Relay name", page.Markup));

        page.FillIn("Port", "2525");
        page.Find("form").Submit();

        var navigation = Service<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith($"/smtp-relays/{id}", navigation.Uri));
        var saved = (await relays.GetAsync(id))!;
        Assert.Equal(2525, saved.ServerPort);
        Assert.Equal("aspmx.l.google.com", saved.ServerName);
    }

    [Fact]
    public async Task Create_new_returns_to_the_edit_page()
    {
        var id = (await Service<RelayService>().CreateAsync(new RelayDraft { Name = "to-google", ServerName = "aspmx.l.google.com" })).Id!;
        var page = Context.Render<SmtpRelayEdit>(p => p.Add(x => x.RelayId, id));
        page.WaitForAssertion(() => Assert.Contains("Use a secret", page.Markup));

        page.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == "Use a secret").QuerySelector("input")!.Click();

        var link = page.FindAll("a").Single(a => a.TextContent.Trim() == "Create new");
        Assert.Equal($"secrets/create?keys=username,password&returnUrl=%2Fsmtp-relays%2F{id}%2Fedit", link.GetAttribute("href"));
    }
}
