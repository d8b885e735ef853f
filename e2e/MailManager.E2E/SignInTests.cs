using MailManager.E2E.Infrastructure;
using Microsoft.Playwright;

namespace MailManager.E2E;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_console_requires_sign_in_and_a_wrong_password_is_refused()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.BaseUrl });
        var page = await context.NewPageAsync();

        await page.GotoAsync("traffic-policies");
        await page.ExpectSignInPageAsync();
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.Button("Sign in").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("user name or password is not correct");
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_signed_in_admin_sees_get_set_up_and_can_sign_out()
    {
        var page = await browser.SignedInPageAsync();

        await Assertions.Expect(page.Heading("Get set up")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Mail Manager" })).ToBeVisibleAsync();
        await page.Button("Sign out").ClickAsync();

        await page.ExpectSignInPageAsync();
        await page.GotoAsync("", new() { WaitUntil = WaitUntilState.Commit });
        await page.ExpectSignInPageAsync();
        await page.Context.CloseAsync();
    }
}
