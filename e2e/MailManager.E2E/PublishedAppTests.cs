using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailManager.E2E.Infrastructure;
using Microsoft.Playwright;

namespace MailManager.E2E;

/// <summary>The published app, started as a service manager starts it, and a browser on its console.</summary>
public sealed class PublishedAppFixture : IAsyncLifetime
{
    public const string AdminPassword = "Publ1shed-Admin-Passw0rd!";

    private readonly TemporaryFolder _data = new("mm-published-data-");
    private readonly TemporaryFolder _workingDirectory = new("mm-published-cwd-");
    private IPlaywright? _playwright;

    public PublishedApp App { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App = await PublishedApp.StartAsync(_data.Path, _workingDirectory.Path, new Dictionary<string, string> { ["MailManager__Admin__Password"] = AdminPassword });
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
        _data.Dispose();
        _workingDirectory.Dispose();
    }
}

/// <summary>
/// What WebApplicationFactory cannot show: the published build, started from a working directory that is neither its
/// install folder nor its data folder, serves the console's assets with their real bytes and the console works.
/// </summary>
public sealed partial class PublishedAppTests(PublishedAppFixture published) : IClassFixture<PublishedAppFixture>
{
    [Fact]
    public async Task Every_script_and_stylesheet_of_the_sign_in_page_arrives_with_the_bytes_of_its_published_file()
    {
        string install = await PublishedApp.InstallFolderAsync();
        Dictionary<string, string> assetOfRoute = AssetsByRoute(install);
        using HttpClient http = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri(published.App.BaseUrl) };

        string page = await http.GetStringAsync("Account/Login");
        List<string> references = AssetReference().Matches(page).Select(m => m.Groups["url"].Value).Distinct().ToList();

        // The framework's script, MudBlazor's script and stylesheet, the scoped styles, the reconnect module, app.css:
        // each was an empty 200 when the app ran from another folder.
        Assert.Contains(references, r => r.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        Assert.Contains(references, r => r.StartsWith("_content/MudBlazor/", StringComparison.Ordinal) && r.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(references, r => r.Contains("ReconnectModal", StringComparison.Ordinal));
        foreach (string reference in references)
        {
            using HttpRequestMessage request = new(HttpMethod.Get, reference);
            request.Headers.AcceptEncoding.ParseAdd("identity");
            using HttpResponseMessage response = await http.SendAsync(request);
            byte[] body = await response.Content.ReadAsByteArrayAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{reference}: {(int)response.StatusCode}");
            string file = assetOfRoute.TryGetValue(reference, out string? asset)
                ? Path.Combine(install, "wwwroot", asset)
                : Path.Combine(install, "console-assets", reference);
            byte[] expected = await File.ReadAllBytesAsync(file);
            Assert.True(expected.Length > 0 && expected.AsSpan().SequenceEqual(body), $"{reference}: {body.Length} octets served, {expected.Length} in {file}");
        }
    }

    [Fact]
    public async Task The_console_becomes_interactive_and_stores_a_secret()
    {
        IPage page = await BrowserFixture.SignInAsync(published.Browser, published.App.BaseUrl, ConsoleServer.AdminUserName, PublishedAppFixture.AdminPassword);
        List<string> consoleErrors = [];
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        string id = await ConsoleSteps.StoreSecretAsync(page, "published-relay-credentials", ("username", "relay"), ("password", "Relay-Passw0rd"));

        Assert.Matches("^sec-[a-z0-9]{26}$", id);
        await Assertions.Expect(page.GetByText("published-relay-credentials").First).ToBeVisibleAsync();
        // A failed integrity check of a module (the ReconnectModal script) shows here.
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Readiness_is_a_bare_word_for_anyone_and_each_check_for_a_signed_in_administrator()
    {
        using HttpClient anonymous = new() { BaseAddress = new Uri(published.App.BaseUrl) };
        Assert.Equal("Healthy", await anonymous.GetStringAsync("readyz"));
        Assert.Equal("Healthy", await anonymous.GetStringAsync("healthz"));

        // The signed-in page's cookies go with the request.
        IPage page = await BrowserFixture.SignInAsync(published.Browser, published.App.BaseUrl, ConsoleServer.AdminUserName, PublishedAppFixture.AdminPassword);
        IAPIResponse response = await page.APIRequest.GetAsync("readyz");
        Assert.Equal(200, response.Status);
        using JsonDocument report = JsonDocument.Parse(await response.TextAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        string[] checks = [.. report.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];
        Assert.Equal(["database", "ingress endpoints", "message processor"], checks);
    }

    /// <summary>Route → file under wwwroot, from the static web assets manifest published beside the app.</summary>
    private static Dictionary<string, string> AssetsByRoute(string install)
    {
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(install, "MailManager.Web.staticwebassets.endpoints.json")));
        Dictionary<string, string> routes = new(StringComparer.Ordinal);
        foreach (JsonElement endpoint in manifest.RootElement.GetProperty("Endpoints").EnumerateArray())
        {
            // Compressed variants share the route: keep the uncompressed file, the one an identity request gets.
            string route = endpoint.GetProperty("Route").GetString()!;
            string asset = endpoint.GetProperty("AssetFile").GetString()!;
            if (!routes.TryGetValue(route, out string? known) || known.Length > asset.Length)
            {
                routes[route] = asset;
            }
        }

        return routes;
    }

    [GeneratedRegex("(?:href|src)=\"(?<url>[^\"#?:]+\\.(?:js|css))\"")]
    private static partial Regex AssetReference();
}
