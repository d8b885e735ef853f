using MailManager.E2E.Infrastructure;
using Microsoft.Playwright;

namespace MailManager.E2E;

/// <summary>
/// The relay seed's example built in the browser as a new administrator would: "when From address contains
/// 'gmail.com'" (except when the Subject starts with "[skip]"), add the header X-Routed: gmail and relay to an SMTP
/// relay. The actions are reordered and put back before saving; the detail page says the rule as it was built; then
/// swaks, from the command line, sends from a gmail.com sender, from another sender and with a [skip] subject, and
/// only the first arrives at the relay's server, carrying the header.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RuleSetEditorTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly DownstreamServer _sink = new("sink-user", "Sink-Passw0rd");

    public Task InitializeAsync() => _sink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    [Fact]
    public async Task A_rule_built_in_the_browser_is_saved_with_its_condition_exception_and_actions_in_order()
    {
        var page = await browser.SignedInPageAsync();
        await ConsoleSteps.StoreSecretAsync(page, "re-build-credentials", ("username", _sink.UserName), ("password", _sink.Password));
        await ConsoleSteps.CreateRelayAsync(page, "re-build-sink", _sink.Port, "re-build-credentials");

        await BuildGmailRuleSetAsync(page, "re-build-gmail", "re-build-sink");

        await ExpectGmailRuleAsync(page, "re-build-sink");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Swaks_mail_is_handled_as_the_rule_built_in_the_browser_says()
    {
        var page = await browser.SignedInPageAsync();
        await ConsoleSteps.StoreSecretAsync(page, "re-mail-credentials", ("username", _sink.UserName), ("password", _sink.Password));
        await ConsoleSteps.CreateRelayAsync(page, "re-mail-sink", _sink.Port, "re-mail-credentials");
        await ConsoleSteps.CreateAllowAllPolicyAsync(page, "re-mail-allow");
        await BuildGmailRuleSetAsync(page, "re-mail-gmail", "re-mail-sink");
        await ExpectGmailRuleAsync(page, "re-mail-sink");
        var port = FreePort.Next();
        await ConsoleSteps.CreateOpenEndpointAsync(page, "re-mail-open", "re-mail-allow", "re-mail-gmail", port);

        // The two the rule does not apply to go first: once the third has arrived, they have long been decided.
        await SendAsync(port, "bob@example.net", "Not from gmail");
        await SendAsync(port, "carol@gmail.com", "[skip] weekly digest");
        await SendAsync(port, "alice@gmail.com", "Routed to the sink");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_sink.Received.IsEmpty)
        {
            Assert.True(DateTime.UtcNow < deadline, "The sink received nothing within 30 seconds.");
            await Task.Delay(50);
        }
        var (envelope, content) = Assert.Single(_sink.Received);
        Assert.Equal("alice@gmail.com", envelope.MailFrom);
        Assert.Equal(["someone@example.com"], envelope.Recipients);
        Assert.Contains("Subject: Routed to the sink", content);
        Assert.Matches(@"(?m)^X-Routed: gmail\r?$", content);

        // The message log knows all three; only alice's was delivered.
        await page.OpenAsync("message-log");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Routed to the sink" })).ToContainTextAsync("Delivered", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Not from gmail" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "[skip] weekly digest" })).ToHaveCountAsync(1);
        Assert.Single(_sink.Received);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Rule 1: From address contains gmail.com, except when Subject starts with [skip]; Add header X-Routed: gmail, then
    /// SMTP relay. The actions are swapped and swapped back on the way, as a person trying the arrows would.
    /// </summary>
    private static async Task BuildGmailRuleSetAsync(IPage page, string name, string relayName)
    {
        await page.OpenAsync("rule-sets/create");
        await page.GetByLabel("Rule set name").FillAsync(name);
        await page.Button("Create new rule").ClickAsync();
        var rule = page.GetByRole(AriaRole.Region, new() { Name = "Rule 1", Exact = true });
        await rule.GetByLabel("Rule 1 name", new() { Exact = true }).FillAsync("gmail");

        await page.Button("Add new condition to rule 1").ClickAsync();
        await page.ChooseAsync(rule, "Rule 1 condition 1 property", "From address");
        await page.ChooseAsync(rule, "Rule 1 condition 1 operator", "Contains");
        await rule.GetByLabel("Rule 1 condition 1 value 1", new() { Exact = true }).FillAsync("gmail.com");

        await rule.GetByRole(AriaRole.Checkbox, new() { Name = "EXCEPT in the case of:" }).CheckAsync();
        await page.Button("Add new exception to rule 1").ClickAsync();
        await page.ChooseAsync(rule, "Rule 1 exception 1 property", "Subject");
        await page.ChooseAsync(rule, "Rule 1 exception 1 operator", "Starts with");
        await rule.GetByLabel("Rule 1 exception 1 value 1", new() { Exact = true }).FillAsync("[skip]");

        await page.Button("Add new action to rule 1").ClickAsync();
        await page.ChooseAsync(rule, "Rule 1 action 1", "Add header");
        await rule.GetByLabel("Rule 1 action 1 header name", new() { Exact = true }).FillAsync("X-Routed");
        await rule.GetByLabel("Rule 1 action 1 header value", new() { Exact = true }).FillAsync("gmail");
        await page.Button("Add new action to rule 1").ClickAsync();
        await page.ChooseAsync(rule, "Rule 1 action 2 SMTP relay", relayName);

        await page.Button("Move action 1 of rule 1 down").ClickAsync();
        await Assertions.Expect(rule.GetByLabel("Rule 1 action 2 header name", new() { Exact = true })).ToHaveValueAsync("X-Routed");
        await Assertions.Expect(rule.GetByRole(AriaRole.Combobox, new() { Name = "Rule 1 action 1 SMTP relay", Exact = true })).ToHaveCountAsync(1);
        await page.Button("Move action 2 of rule 1 up").ClickAsync();
        await Assertions.Expect(rule.GetByLabel("Rule 1 action 1 header name", new() { Exact = true })).ToHaveValueAsync("X-Routed");

        await page.Button("Create rule set").ClickAsync();
        await ConsoleSteps.NewIdAsync(page, "rs");
    }

    /// <summary>The detail page says the rule as it was built, actions in their order.</summary>
    private static async Task ExpectGmailRuleAsync(IPage page, string relayName)
    {
        await Assertions.Expect(page.Heading("Rule 1: gmail")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[aria-label='Conditions of rule 1']")).ToHaveTextAsync("When From address contains gmail.com");
        await Assertions.Expect(page.Locator("[aria-label='Exceptions of rule 1']")).ToHaveTextAsync("Except when Subject starts with [skip]");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Actions of rule 1" }).GetByRole(AriaRole.Listitem))
            .ToHaveTextAsync(["Add header X-Routed: gmail", $"SMTP relay: {relayName} (Mail from: Preserve)"]);
    }

    private static async Task SendAsync(int port, string from, string subject)
    {
        var result = await ExternalProcess.RunAsync("swaks",
            ["--server", $"127.0.0.1:{port}", "--to", "someone@example.com", "--from", from, "--header", $"Subject: {subject}", "--timeout", "20"],
            TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"Mail from {from} should be accepted:\n{result.All}");
        Assert.Matches(@"<[-~] +250 [0-9.]+ .*queued", result.Output);
    }
}
