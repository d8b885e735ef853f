using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MailManager.E2E.Infrastructure;
using Microsoft.Playwright;

namespace MailManager.E2E;

/// <summary>
/// The console and the SES Mail Manager API on the same published app, as a new user tries them: an access key
/// created in the console (its secret read from the page, the one time it is shown) signs API requests; a relay
/// created through the API, with a tag, shows in the console with that tag; a rule set created in the console is
/// listed by the API; the key's page lists the change it made; a deactivated key is refused as AWS refuses one.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiConsoleTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_access_key_from_the_console_manages_the_gateway_through_the_API_and_the_console_shows_what_it_did()
    {
        var page = await browser.SignedInPageAsync();
        var (accessKeyId, secretAccessKey) = await CreateAccessKeyAsync(page, "e2e api console");
        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var api = new AwsJsonClient(http, accessKeyId, secretAccessKey);

        // A relay created through the API, with a tag, is in the console's list and its page shows the tag.
        var created = await api.MailManagerAsync("CreateRelay", new
        {
            RelayName = "api-created-relay",
            ServerName = "mail.example.com",
            ServerPort = 25,
            Authentication = new { NoAuthentication = new { } },
            Tags = new[] { new { Key = "team", Value = "mail" } },
        });
        var relayId = created.Ok["RelayId"]!.GetValue<string>();
        await page.OpenAsync("smtp-relays");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = relayId })).ToContainTextAsync("api-created-relay");
        await page.Link("api-created-relay").ClickAsync();
        await Assertions.Expect(page.Heading(relayId)).ToBeVisibleAsync();
        var tags = page.GetByRole(AriaRole.Region, new() { Name = "Tags", Exact = true });
        await Assertions.Expect(tags.GetByRole(AriaRole.Row).Filter(new() { HasText = "team" }).GetByRole(AriaRole.Cell)).ToHaveTextAsync(["team", "mail"]);

        // A rule set created in the console is listed by the API.
        var ruleSetId = await ConsoleSteps.CreateEmptyRuleSetAsync(page, "console-created-rules");
        var ruleSets = await ListAllAsync(api, "ListRuleSets", "RuleSets");
        Assert.Contains(ruleSets, r => r["RuleSetName"]!.GetValue<string>() == "console-created-rules" && r["RuleSetId"]!.GetValue<string>() == ruleSetId);

        // The key's page lists the relay it created, linked to the relay's page, and has been used.
        await page.OpenAsync($"api-access-keys/{accessKeyId}");
        var changes = page.GetByRole(AriaRole.Region, new() { Name = "Changes made with this key" });
        var change = changes.GetByRole(AriaRole.Row).Filter(new() { HasText = "CreateRelay" });
        await Assertions.Expect(change).ToHaveCountAsync(1);
        await Assertions.Expect(change.GetByRole(AriaRole.Link, new() { Name = relayId })).ToHaveAttributeAsync("href", $"smtp-relays/{relayId}");
        var details = page.GetByRole(AriaRole.Region, new() { Name = "Access key details" });
        await Assertions.Expect(details.Locator(".detail-item", new() { HasText = "Last used" })).Not.ToContainTextAsync("Never");
        Assert.DoesNotContain(secretAccessKey, await page.ContentAsync());

        // Deactivated in the console: its requests are refused as AWS refuses an unknown key, and accepted again once active.
        await page.Button($"Deactivate {accessKeyId}").ClickAsync();
        var status = details.Locator(".detail-item", new() { HasText = "Status" });
        await Assertions.Expect(status).ToHaveTextAsync(new Regex(@"Status\s*Inactive\s*$"));
        var refused = await api.MailManagerAsync("ListRuleSets", new { });
        Assert.Equal(403, refused.Status);
        Assert.Equal("UnrecognizedClientException", refused.ErrorType);

        await page.Button($"Activate {accessKeyId}").ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync(new Regex(@"Status\s*Active\s*$"));
        Assert.Equal(200, (await api.MailManagerAsync("ListRuleSets", new { })).Status);
        await page.Context.CloseAsync();
    }

    /// <summary>Creates a key as a person does and reads the pair from the page; Done leads to the key's own page.</summary>
    private static async Task<(string AccessKeyId, string SecretAccessKey)> CreateAccessKeyAsync(IPage page, string description)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Mail Manager" }).GetByRole(AriaRole.Link, new() { Name = "API access keys" }).ClickAsync();
        await Assertions.Expect(page.Heading("API access keys")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create access key" }).First.ClickAsync();
        await page.GetByLabel("Description").FillAsync(description);
        await page.Button("Create access key").ClickAsync();

        var retrieve = page.GetByRole(AriaRole.Region, new() { Name = "Retrieve access keys" });
        await Assertions.Expect(retrieve).ToContainTextAsync("This is the only time that the secret access key can be viewed or copied.");
        var accessKeyId = await retrieve.GetByLabel("Access key ID", new() { Exact = true }).InnerTextAsync();
        var secretAccessKey = await retrieve.GetByLabel("Secret access key", new() { Exact = true }).InnerTextAsync();
        Assert.Matches("^AKIA[A-Z2-7]{16}$", accessKeyId);
        Assert.Equal(40, secretAccessKey.Length);
        await Assertions.Expect(page.GetByLabel("AWS SDK for JavaScript example", new() { Exact = true })).ToContainTextAsync($"endpoint: \"{Origin(page)}\"");

        await page.Button("Done").ClickAsync();
        await Assertions.Expect(page.Heading(accessKeyId)).ToBeVisibleAsync();
        Assert.DoesNotContain(secretAccessKey, await page.ContentAsync());
        // Nor does the server's prerendered HTML of any of the key's pages have it, for this signed-in session.
        foreach (var path in new[] { "api-access-keys", "api-access-keys/create", $"api-access-keys/{accessKeyId}" })
        {
            var html = await page.Context.APIRequest.GetAsync(path);
            Assert.Equal(200, html.Status);
            var text = await html.TextAsync();
            // The console's page (its navigation names the section), not the sign-in form.
            Assert.Contains("API access keys", text);
            Assert.DoesNotContain(secretAccessKey, text);
        }
        return (accessKeyId, secretAccessKey);
    }

    private static string Origin(IPage page) => new Uri(page.Url).GetLeftPart(UriPartial.Authority);

    /// <summary>Every item of a List operation, following NextToken as an SDK paginator does.</summary>
    private static async Task<List<JsonNode>> ListAllAsync(AwsJsonClient api, string operation, string resultKey)
    {
        var items = new List<JsonNode>();
        string? nextToken = null;
        do
        {
            var page = (await api.MailManagerAsync(operation, nextToken is null ? new JsonObject() : new JsonObject { ["NextToken"] = nextToken })).Ok;
            items.AddRange(page[resultKey]!.AsArray().Select(i => i!));
            nextToken = page["NextToken"]?.GetValue<string>();
        }
        while (nextToken is not null);
        return items;
    }
}
