using Bunit;
using MailManager.Data.Secrets;
using MailManager.Web.Components.Pages.Secrets;
using MailManager.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Tests.Secrets;

public sealed class SecretCreateTests : ConsoleTestContext
{
    private NavigationManager Navigation => Service<NavigationManager>();

    [Fact]
    public async Task Invalid_input_shows_messages_next_to_the_fields_and_saves_nothing()
    {
        var page = Context.Render<SecretCreate>();

        page.FillIn("Secret name", "x!");
        page.FillIn("Key 1", "username");
        page.Find("form").Submit();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("The name must be 3 to 63 characters long.", page.FieldText("Secret name"));
            Assert.Contains("Enter a value.", page.FieldText("Value 1"));
        });
        Assert.DoesNotContain("Enter a value.", page.FieldText("Key 1"));
        Assert.Empty(await Service<SecretService>().ListAsync());
    }

    [Fact]
    public async Task A_key_used_twice_is_shown_on_the_second_pair()
    {
        var page = Context.Render<SecretCreate>();

        page.FillIn("Secret name", "relay-login");
        page.FillIn("Key 1", "username");
        page.FillIn("Value 1", "alice");
        page.ClickButton("Add key/value pair");
        page.FillIn("Key 2", "username");
        page.FillIn("Value 2", "bob");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("The key 'username' is used twice.", page.FieldText("Key 2")));
        Assert.DoesNotContain("used twice", page.FieldText("Key 1"));
        Assert.Empty(await Service<SecretService>().ListAsync());
    }

    [Fact]
    public async Task A_valid_secret_is_saved_and_the_detail_page_opens()
    {
        var page = Context.Render<SecretCreate>();

        page.FillIn("Secret name", "api-token");
        page.FillIn("Description", "Token for the archive");
        page.FillIn("Key 1", "token");
        page.FillIn("Value 1", "t0ps3cret");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Matches("/secrets/sec-[a-z0-9]{26}$", Navigation.Uri));
        var saved = Assert.Single(await Service<SecretService>().ListAsync());
        Assert.Equal("api-token", saved.SecretName);
        Assert.Equal("Token for the archive", saved.Description);
        var values = await Service<SecretService>().ReadValuesAsync(saved.SecretId);
        Assert.Equal("t0ps3cret", values!["token"]);
    }

    [Fact]
    public void Add_and_remove_change_the_pairs()
    {
        var page = Context.Render<SecretCreate>();

        page.ClickButton("Add key/value pair");
        page.FillIn("Key 2", "second");
        page.Find("button[aria-label='Remove key/value pair 1']").Click();

        var keyInput = page.Find("#" + page.FindAll("label").Single(l => l.TextContent == "Key 1").GetAttribute("for"));
        Assert.Equal("second", keyInput.GetAttribute("value"));
        Assert.DoesNotContain(page.FindAll("label"), l => l.TextContent == "Key 2");
        // The last pair cannot be removed: a secret holds at least one.
        Assert.True(page.Find("button[aria-label='Remove key/value pair 1']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Keys_from_the_query_are_prefilled_and_saving_returns_to_the_local_page()
    {
        Navigation.NavigateTo("secrets/create?keys=username,password&returnUrl=%2Fsmtp-relays%2Fcreate");
        var page = Context.Render<SecretCreate>();

        page.FillIn("Secret name", "exchange-login");
        page.FillIn("Value 1", "relay-user");
        page.FillIn("Value 2", "relay-pass");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Matches("/smtp-relays/create\\?secretId=sec-[a-z0-9]{26}$", Navigation.Uri));
        var saved = Assert.Single(await Service<SecretService>().ListAsync());
        Assert.Equal(["username", "password"], saved.Keys);
        var values = await Service<SecretService>().ReadValuesAsync(saved.SecretId);
        Assert.Equal("relay-pass", values!["password"]);
    }

    [Theory]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    [InlineData("%2F%2Fevil.example%2F")]
    [InlineData("%2F%5Cevil.example%2F")]
    public void A_return_url_to_another_site_is_ignored(string returnUrl)
    {
        Navigation.NavigateTo($"secrets/create?returnUrl={returnUrl}");
        var page = Context.Render<SecretCreate>();

        page.FillIn("Secret name", "api-token");
        page.FillIn("Key 1", "token");
        page.FillIn("Value 1", "t0ps3cret");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Matches("^http://localhost/secrets/sec-[a-z0-9]{26}$", Navigation.Uri));
    }
}
