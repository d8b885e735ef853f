using Microsoft.Playwright;

namespace MailManager.E2E.Infrastructure;

/// <summary>
/// One app and one headless Debian Chromium for the browser tests. The app is the published build, started as the
/// service unit starts it (its environment, a foreign working directory, a data folder of its own), so every
/// workflow is clicked through on what an administrator installs. Playwright's own browser download cannot work on
/// these machines, so the system Chromium is launched (test.sh installs it).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    private readonly TemporaryFolder _data = new("mm-e2e-data-");
    private readonly TemporaryFolder _workingDirectory = new("mm-e2e-cwd-");

    public PublishedApp App { get; private set; } = default!;

    /// <summary>The console's address, ending with a slash.</summary>
    public string BaseUrl => App.BaseUrl;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App = await PublishedApp.StartAsync(_data.Path, _workingDirectory.Path, new Dictionary<string, string> { ["MailManager__Admin__Password"] = ConsoleServer.AdminPassword });
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
    public Task<IPage> SignedInPageAsync() => SignInAsync(Browser, BaseUrl, ConsoleServer.AdminUserName, ConsoleServer.AdminPassword);

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
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        _data.Dispose();
        _workingDirectory.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
