using Microsoft.Playwright;

namespace MailManager.E2E.Infrastructure;

/// <summary>
/// One app and one headless Debian Chromium for the browser tests. Playwright's own browser
/// download cannot work on these machines, so the system Chromium is launched (test.sh installs it).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public ConsoleServer Server { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Server.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's headless Chromium, as every browser test here runs it.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });

    /// <summary>A fresh browser context (its own cookies) whose page is signed in to the console.</summary>
    public Task<IPage> SignedInPageAsync() => SignInAsync(Browser, Server.BaseUrl, ConsoleServer.AdminUserName, ConsoleServer.AdminPassword);

    /// <summary>Signs in to the console at <paramref name="baseUrl"/> in a new context, and waits for the page to be interactive.</summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string userName, string password)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("Account/Login");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForInteractiveAsync();
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
