using MailManager.E2E.Infrastructure;
using Microsoft.Playwright;

namespace MailManager.E2E;

[Collection(BrowserCollection.Name)]
public sealed class ChangePasswordTests(BrowserFixture browser) : IAsyncLifetime
{
    // An app of its own: changing the shared app's password would sign the other tests out.
    private readonly ConsoleServer _server = new();

    public Task InitializeAsync()
    {
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_admin_changes_the_password_and_signs_in_with_the_new_one()
    {
        const string newPassword = "Brand-New-Pa55word!";
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = _server.BaseUrl });
        var page = await context.NewPageAsync();
        await SignInAsync(page, ConsoleServer.AdminPassword);
        await page.WaitForInteractiveAsync();

        await page.Link("Change password").ClickAsync();
        await page.GetByLabel("Current password").FillAsync(ConsoleServer.AdminPassword);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel("Confirm new password").FillAsync(newPassword);
        await page.Button("Change password").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your password has been changed.");

        await page.GotoAsync("");
        await page.WaitForInteractiveAsync();
        await page.Button("Sign out").ClickAsync();
        await page.ExpectSignInPageAsync();
        await SignInAsync(page, ConsoleServer.AdminPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not correct");
        await SignInAsync(page, newPassword);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Heading("Get set up")).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    private static async Task SignInAsync(IPage page, string password)
    {
        await page.GotoAsync("Account/Login");
        await page.GetByLabel("User name").FillAsync(ConsoleServer.AdminUserName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.Button("Sign in").ClickAsync();
    }
}
