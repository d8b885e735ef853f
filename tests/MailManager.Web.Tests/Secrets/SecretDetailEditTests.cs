using Bunit;
using MailManager.Core.Relays;
using MailManager.Core.Secrets;
using MailManager.Data.Relays;
using MailManager.Data.Secrets;
using MailManager.Web.Components.Pages.Secrets;
using MailManager.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Tests.Secrets;

public sealed class SecretDetailEditTests : ConsoleTestContext
{
    private const string StoredPassword = "Tr0ub4dor-and-3";

    private SecretService Secrets => Service<SecretService>();

    private async Task<string> StoreAsync()
    {
        var result = await Secrets.CreateAsync(new SecretDraft
        {
            Name = "exchange-login",
            Description = "Relay to Exchange",
            Entries = [new() { Key = "username", Value = "relay-user" }, new() { Key = "password", Value = StoredPassword }],
        });
        return result.Id!;
    }

    [Fact]
    public async Task The_detail_page_shows_keys_and_a_mask_but_never_a_value()
    {
        var id = await StoreAsync();

        var page = Context.Render<SecretDetail>(p => p.Add(x => x.SecretId, id));

        page.WaitForAssertion(() => Assert.Contains("Secret details", page.Markup));
        Assert.Contains("exchange-login", page.Markup);
        Assert.Contains("password", page.Markup);
        Assert.Contains(SecretText.MaskedValue, page.Markup);
        Assert.DoesNotContain(StoredPassword, page.Markup);
        Assert.DoesNotContain("relay-user", page.Markup);
    }

    [Fact]
    public async Task The_edit_page_never_contains_a_stored_value()
    {
        var id = await StoreAsync();

        var page = Context.Render<SecretEdit>(p => p.Add(x => x.SecretId, id));

        page.WaitForAssertion(() => Assert.Contains("Leave blank to keep the stored value", page.FieldText("Value 2")));
        Assert.DoesNotContain(StoredPassword, page.Markup);
        Assert.DoesNotContain("relay-user", page.Markup);
        Assert.Equal("password", page.Find("#" + page.FindAll("label").Single(l => l.TextContent == "Value 2").GetAttribute("for")).GetAttribute("type"));
    }

    [Fact]
    public async Task Saving_with_blank_values_keeps_the_stored_values()
    {
        var id = await StoreAsync();
        var page = Context.Render<SecretEdit>(p => p.Add(x => x.SecretId, id));
        page.WaitForAssertion(() => Assert.Contains("Value 1", page.Markup));

        page.FillIn("Description", "Relay to the new Exchange");
        // Typed into and cleared again: still "blank", so the stored value stays.
        page.FillIn("Value 2", "x");
        page.FillIn("Value 2", "");
        page.Find("form").Submit();

        var navigation = Service<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith($"/secrets/{id}", navigation.Uri));
        var values = await Secrets.ReadValuesAsync(id);
        Assert.Equal("relay-user", values!["username"]);
        Assert.Equal(StoredPassword, values["password"]);
        Assert.Equal("Relay to the new Exchange", (await Secrets.GetAsync(id))!.Description);
    }

    [Fact]
    public async Task A_new_value_replaces_only_its_own_key()
    {
        var id = await StoreAsync();
        var page = Context.Render<SecretEdit>(p => p.Add(x => x.SecretId, id));
        page.WaitForAssertion(() => Assert.Contains("Value 1", page.Markup));

        page.FillIn("Value 2", "n3w-password");
        page.Find("form").Submit();

        var navigation = Service<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith($"/secrets/{id}", navigation.Uri));
        var values = await Secrets.ReadValuesAsync(id);
        Assert.Equal("relay-user", values!["username"]);
        Assert.Equal("n3w-password", values["password"]);
    }

    [Fact]
    public async Task A_pair_added_on_the_edit_page_needs_a_value()
    {
        var id = await StoreAsync();
        var page = Context.Render<SecretEdit>(p => p.Add(x => x.SecretId, id));
        page.WaitForAssertion(() => Assert.Contains("Value 1", page.Markup));

        page.ClickButton("Add key/value pair");
        page.FillIn("Key 3", "host");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("Enter a value.", page.FieldText("Value 3")));
        Assert.DoesNotContain("Enter a value.", page.FieldText("Value 1"));
        Assert.Equal(["username", "password"], (await Secrets.GetAsync(id))!.Keys);
    }

    [Fact]
    public async Task A_secret_used_by_a_relay_keeps_username_and_password()
    {
        var id = await StoreAsync();
        await Service<RelayService>().CreateAsync(new RelayDraft { Name = "to-exchange", ServerName = "mail.example.com", SecretId = id });
        var page = Context.Render<SecretEdit>(p => p.Add(x => x.SecretId, id));
        page.WaitForAssertion(() => Assert.Contains("Value 1", page.Markup));

        page.Find("button[aria-label='Remove key/value pair 2']").Click();
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains(
            "This secret is used by SMTP relay 'to-exchange', which needs exactly the keys 'username' and 'password'.",
            page.Find(".validation-message").TextContent));
        Assert.Equal(["username", "password"], (await Secrets.GetAsync(id))!.Keys);
    }

    [Fact]
    public void An_unknown_secret_says_so()
    {
        var page = Context.Render<SecretDetail>(p => p.Add(x => x.SecretId, "sec-missing"));

        page.WaitForAssertion(() => Assert.Contains("This secret does not exist.", page.Markup));
    }
}
