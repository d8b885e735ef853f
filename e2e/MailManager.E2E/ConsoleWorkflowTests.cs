using System.Text.RegularExpressions;
using MailManager.E2E.Infrastructure;
using Microsoft.Playwright;

namespace MailManager.E2E;

/// <summary>
/// The foundation's workflow as an administrator clicks it: a secret, an SMTP relay using it (with a real
/// "Test connection"), a traffic policy and a rule set relaying to it; edit each; see them listed; delete
/// them, including the refused delete of a secret still in use.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleWorkflowTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly DownstreamServer _downstream = new("relay-user", "Relay-Passw0rd");

    public Task InitializeAsync() => _downstream.StartAsync();

    public async Task DisposeAsync() => await _downstream.DisposeAsync();

    private static readonly Regex RuleSetIdPattern = new("^rs-[a-z0-9]{26}$");

    [Fact]
    public async Task Secrets_relays_traffic_policies_and_rule_sets_from_create_to_delete()
    {
        var page = await browser.SignedInPageAsync();
        var h1 = page.GetByRole(AriaRole.Heading, new() { Level = 1 });

        // A secret with the relay's credentials: the value is never shown again.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Mail Manager" }).GetByRole(AriaRole.Link, new() { Name = "Secrets" }).ClickAsync();
        await Assertions.Expect(page.Link("Store a new secret").First).ToBeVisibleAsync();
        await ConsoleSteps.StoreSecretAsync(page, "e2e-relay-credentials", ("username", _downstream.UserName), ("password", _downstream.Password));
        await Assertions.Expect(page.GetByText("••••••••").First).ToBeVisibleAsync();
        Assert.DoesNotContain(_downstream.Password, await page.ContentAsync());

        // An SMTP relay to the downstream server, authenticating with that secret.
        var relayId = await ConsoleSteps.CreateRelayAsync(page, "e2e-to-exchange", _downstream.Port, "e2e-relay-credentials");

        await page.Button("Test connection").ClickAsync();
        var result = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(result).ToContainTextAsync("Connected to 127.0.0.1", new() { Timeout = 30_000 });
        await Assertions.Expect(result).ToContainTextAsync("authenticated as relay-user");

        // Edit the relay: a new name shows on its page.
        await page.Link("Edit Relay details").ClickAsync();
        await page.GetByLabel("Relay name").FillAsync("e2e-to-exchange-2");
        await page.Button("Save changes").ClickAsync();
        await Assertions.Expect(page.Heading(relayId)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".detail-item", new() { HasText = "Relay name" })).ToContainTextAsync("e2e-to-exchange-2");

        // A traffic policy.
        await page.OpenAsync("traffic-policies/create");
        await page.GetByLabel("Traffic policy name").FillAsync("e2e-allow-all");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Allow" }).CheckAsync();
        await page.Button("Create traffic policy").ClickAsync();
        await Assertions.Expect(h1).ToHaveTextAsync(new Regex("^tp-"));

        // A rule set whose rule relays to it.
        await page.OpenAsync("rule-sets/create");
        await page.GetByLabel("Rule set name").FillAsync("e2e-inbound");
        await page.Button("Create new rule").ClickAsync();
        await page.GetByLabel("Rule 1 name").FillAsync("relay-everything");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add new action to rule 1" }).ClickAsync();
        await page.GetByLabel("Rule 1 action 1 SMTP relay", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "e2e-to-exchange-2" }).ClickAsync();
        await page.Button("Create rule set").ClickAsync();
        await Assertions.Expect(h1).ToHaveTextAsync(RuleSetIdPattern);
        await Assertions.Expect(page.GetByText("SMTP relay: e2e-to-exchange-2 (Mail from: Preserve)")).ToBeVisibleAsync();
        var ruleSetId = await h1.InnerTextAsync();

        // Edit the rule set: a second rule that drops.
        await page.Link("Edit Rules").ClickAsync();
        await page.Button("Create new rule").ClickAsync();
        await page.GetByLabel("Rule 2 name").FillAsync("then-drop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add new action to rule 2" }).ClickAsync();
        await page.GetByLabel("Rule 2 action 1", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Drop" }).ClickAsync();
        await page.Button("Save rule set").ClickAsync();
        await Assertions.Expect(page.Heading(ruleSetId)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rule 2: then-drop" })).ToBeVisibleAsync();

        // The lists show them.
        await page.OpenAsync("secrets");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "e2e-relay-credentials" })).ToContainTextAsync("username, password");
        await page.OpenAsync("smtp-relays");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "e2e-to-exchange-2" })).ToContainTextAsync(relayId);

        // A secret in use cannot be deleted; the message names the relay.
        await page.OpenAsync("secrets");
        await DeleteRowAsync(page, "e2e-relay-credentials");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'e2e-to-exchange-2'");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "e2e-relay-credentials" })).ToHaveCountAsync(1);

        // Deleted in dependency order, they go.
        await page.OpenAsync("rule-sets");
        await DeleteRowAsync(page, "e2e-inbound");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "e2e-inbound" })).ToHaveCountAsync(0);
        await page.OpenAsync("smtp-relays");
        await DeleteRowAsync(page, "e2e-to-exchange-2");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "e2e-to-exchange-2" })).ToHaveCountAsync(0);
        await page.OpenAsync("secrets");
        await DeleteRowAsync(page, "e2e-relay-credentials");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "e2e-relay-credentials" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    private static async Task DeleteRowAsync(IPage page, string name)
    {
        await page.GetByRole(AriaRole.Row, new() { Name = name }).GetByRole(AriaRole.Radio).CheckAsync();
        await page.Button("Delete").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
    }
}
