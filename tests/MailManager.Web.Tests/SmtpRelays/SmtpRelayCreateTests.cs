using Bunit;
using MailManager.Core.Secrets;
using MailManager.Data.Relays;
using MailManager.Data.Secrets;
using MailManager.Web.Components.Pages.SmtpRelays;
using MailManager.Web.Tests.Infrastructure;
using MailManager.Web.Tests.Secrets;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MailManager.Web.Tests.SmtpRelays;

public sealed class SmtpRelayCreateTests : ConsoleTestContext
{
    private RelayService Relays => Service<RelayService>();

    private NavigationManager Navigation => Service<NavigationManager>();

    private async Task<string> StoreSecretAsync(string name, params string[] keys)
    {
        var result = await Service<SecretService>().CreateAsync(new SecretDraft
        {
            Name = name,
            Entries = keys.Select(k => new SecretEntryDraft { Key = k, Value = "v-" + k }).ToList(),
        });
        return result.Id!;
    }

    [Fact]
    public async Task Invalid_input_shows_messages_next_to_the_fields_and_saves_nothing()
    {
        var page = Context.Render<SmtpRelayCreate>();

        page.FillIn("Relay name", "x!");
        page.FillIn("Port", "70000");
        page.Find("form").Submit();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("The name must be 3 to 63 characters long.", page.FieldText("Relay name"));
            Assert.Contains("Enter the server name.", page.FieldText("Server name"));
            Assert.Contains("The port must be between 1 and 65535.", page.FieldText("Port"));
        });
        Assert.Empty(await Relays.ListAsync());
    }

    [Fact]
    public async Task A_valid_relay_without_authentication_is_saved_and_the_detail_page_opens()
    {
        var page = Context.Render<SmtpRelayCreate>();

        page.FillIn("Relay name", "to-m365");
        page.FillIn("Server name", "acme-com.mail.protection.outlook.com");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Matches("/smtp-relays/rl-[a-z0-9]{26}$", Navigation.Uri));
        var saved = Assert.Single(await Relays.ListAsync());
        Assert.Equal("to-m365", saved.RelayName);
        Assert.Equal(25, saved.ServerPort);
        Assert.Null(saved.SecretId);
    }

    [Fact]
    public async Task Use_a_secret_without_choosing_one_is_refused_next_to_the_secret_field()
    {
        var page = Context.Render<SmtpRelayCreate>();

        FillValidServer(page);
        ChooseUseASecret(page);
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("Choose a secret, or select No authentication.", page.FieldText("Secret")));
        Assert.Empty(await Relays.ListAsync());
    }

    [Fact]
    public async Task A_secret_without_exactly_username_and_password_is_refused_next_to_the_secret_field()
    {
        await StoreSecretAsync("wrong-keys", "user", "pass");
        var popovers = Context.Render<MudPopoverProvider>();
        var page = Context.Render<SmtpRelayCreate>();

        FillValidServer(page);
        ChooseUseASecret(page);
        ChooseSecret(page, popovers, "wrong-keys");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains(
            "The secret 'wrong-keys' must contain exactly the keys 'username' and 'password'; it has 'user', 'pass'.",
            page.FieldText("Secret")));
        Assert.Empty(await Relays.ListAsync());
    }

    [Fact]
    public async Task A_relay_with_a_username_and_password_secret_is_saved()
    {
        var secretId = await StoreSecretAsync("exchange-login", "username", "password");
        var popovers = Context.Render<MudPopoverProvider>();
        var page = Context.Render<SmtpRelayCreate>();

        FillValidServer(page);
        ChooseUseASecret(page);
        ChooseSecret(page, popovers, "exchange-login");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Matches("/smtp-relays/rl-[a-z0-9]{26}$", Navigation.Uri));
        Assert.Equal(secretId, Assert.Single(await Relays.ListAsync()).SecretId);
    }

    [Fact]
    public async Task Refresh_list_shows_a_secret_stored_meanwhile()
    {
        var popovers = Context.Render<MudPopoverProvider>();
        var page = Context.Render<SmtpRelayCreate>();
        ChooseUseASecret(page);

        await StoreSecretAsync("stored-later", "username", "password");
        page.ClickButton("Refresh list");
        OpenSecretSelect(page);

        popovers.WaitForAssertion(() => Assert.Contains("stored-later", popovers.Markup));
    }

    [Fact]
    public void Create_new_links_to_the_secret_form_with_the_relay_keys_and_back_here()
    {
        var page = Context.Render<SmtpRelayCreate>();
        ChooseUseASecret(page);

        var link = page.FindAll("a").Single(a => a.TextContent.Trim() == "Create new");
        Assert.Equal("secrets/create?keys=username,password&returnUrl=%2Fsmtp-relays%2Fcreate", link.GetAttribute("href"));
    }

    [Fact]
    public async Task Returning_from_the_secret_form_selects_the_new_secret()
    {
        var secretId = await StoreSecretAsync("exchange-login", "username", "password");
        Navigation.NavigateTo($"smtp-relays/create?secretId={secretId}");

        var page = Context.Render<SmtpRelayCreate>();

        page.WaitForAssertion(() => Assert.Equal(
            $"exchange-login ({secretId})",
            page.Find("input[role='combobox']").GetAttribute("value")));
    }

    private static void FillValidServer(IRenderedComponent<SmtpRelayCreate> page)
    {
        page.FillIn("Relay name", "to-exchange");
        page.FillIn("Server name", "mail.example.com");
        page.FillIn("Port", "587");
    }

    private static void ChooseUseASecret(IRenderedComponent<SmtpRelayCreate> page) =>
        page.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == "Use a secret").QuerySelector("input")!.Click();

    private static void OpenSecretSelect(IRenderedComponent<SmtpRelayCreate> page) =>
        page.Find("div.mud-select .mud-input-control").MouseDown();

    private static void ChooseSecret(IRenderedComponent<SmtpRelayCreate> page, IRenderedComponent<MudPopoverProvider> popovers, string name)
    {
        OpenSecretSelect(page);
        popovers.WaitForAssertion(() => Assert.Contains(name, popovers.Markup));
        popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Contains(name, StringComparison.Ordinal)).Click();
    }
}
