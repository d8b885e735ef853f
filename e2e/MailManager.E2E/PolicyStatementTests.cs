using MailManager.E2E.Infrastructure;
using Microsoft.Playwright;

namespace MailManager.E2E;

/// <summary>
/// Policy statements built in the browser decide what swaks, from the command line, may send: a Deny statement on
/// a CIDR holding 127.0.0.1 refuses its recipient with 550 5.7.1 (over STARTTLS, as swaks --tls sends); once the statement is removed in the console the
/// next session is accepted, without a restart. A malformed CIDR is refused at its field and nothing is saved.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PolicyStatementTests(BrowserFixture browser)
{
    private const string Condition1 = "Policy statement 1, condition 1";

    [Fact]
    public async Task A_deny_statement_on_the_senders_range_refuses_swaks_with_550_until_it_is_removed()
    {
        var page = await browser.SignedInPageAsync();

        await ConsoleSteps.CreateEmptyRuleSetAsync(page, "ps-keep");

        // Allow by default, deny the loopback range swaks connects from.
        await page.OpenAsync("traffic-policies/create");
        await page.GetByLabel("Traffic policy name").FillAsync("ps-deny-loopback");
        await page.GetByRole(AriaRole.Radiogroup, new() { Name = "Default action" }).GetByRole(AriaRole.Radio, new() { Name = "Allow" }).CheckAsync();
        await page.Button("Add new policy statement").ClickAsync();
        var statement = page.GetByRole(AriaRole.Region, new() { Name = "Policy statement 1", Exact = true });
        await statement.GetByRole(AriaRole.Radio, new() { Name = "Deny" }).CheckAsync();
        var condition = page.GetByRole(AriaRole.Group, new() { Name = Condition1, Exact = true });
        await page.ChooseAsync(condition, "Property", "Sender IP range");
        await page.ChooseAsync(condition, "Operator", "CIDR matches");
        await condition.GetByLabel("Value 1", new() { Exact = true }).FillAsync("127.0.0.0/8");
        await page.Button("Create traffic policy").ClickAsync();
        var policyId = await ConsoleSteps.NewIdAsync(page, "tp");
        var statements = page.GetByRole(AriaRole.List, new() { Name = "Policy statements" });
        await Assertions.Expect(statements.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Deny when Sender IP range CIDR matches 127.0.0.0/8"]);
        await Assertions.Expect(page.Heading("Policy statements (1)")).ToBeVisibleAsync();

        // An Open endpoint using it.
        var port = FreePort.Next();
        await ConsoleSteps.CreateOpenEndpointAsync(page, "ps-open", "ps-deny-loopback", "ps-keep", port);

        var refused = await SwaksAsync(port);
        Assert.True(refused.ExitCode != 0 && refused.Output.Contains("<~* 550 5.7.1", StringComparison.Ordinal), refused.All);

        // The statement removed in the console: the next session is accepted, the app still running.
        await page.OpenAsync($"traffic-policies/{policyId}/edit");
        await page.Button("Remove policy statement 1").ClickAsync();
        await Assertions.Expect(page.GetByText("No policy statements: the default action decides every recipient.")).ToBeVisibleAsync();
        await page.Button("Save changes").ClickAsync();
        await Assertions.Expect(page.Heading(policyId)).ToBeVisibleAsync();
        await Assertions.Expect(page.Heading("Policy statements (0)")).ToBeVisibleAsync();

        var accepted = await SwaksAsync(port);
        Assert.True(accepted.ExitCode == 0, accepted.All);
        Assert.DoesNotContain("<~* 550", accepted.All);
        Assert.Matches(@"<~  250 [0-9.]+ .*queued", accepted.All);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_malformed_cidr_is_shown_at_its_value_field_and_nothing_is_saved()
    {
        var page = await browser.SignedInPageAsync();
        await page.OpenAsync("traffic-policies/create");
        await page.GetByLabel("Traffic policy name").FillAsync("ps-bad-cidr");
        await page.Button("Add new policy statement").ClickAsync();
        var condition = page.GetByRole(AriaRole.Group, new() { Name = Condition1, Exact = true });
        await page.ChooseAsync(condition, "Property", "Sender IP range");
        await condition.GetByLabel("Value 1", new() { Exact = true }).FillAsync("10.0.0.0/33");
        await page.Button("Add value to policy statement 1, condition 1").ClickAsync();
        await condition.GetByLabel("Value 2", new() { Exact = true }).FillAsync("192.0.2.0/24");
        await page.Button("Create traffic policy").ClickAsync();

        var error = "'10.0.0.0/33' is not an IPv4 CIDR range such as 192.0.2.0/24.";
        await Assertions.Expect(Field(condition, "Value 1")).ToContainTextAsync(error);
        await Assertions.Expect(Field(condition, "Value 2")).Not.ToContainTextAsync(error);
        await Assertions.Expect(page.GetByText(error)).ToHaveCountAsync(1);
        await Assertions.Expect(page.Heading("Create traffic policy")).ToBeVisibleAsync();

        await page.OpenAsync("traffic-policies");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Traffic policies");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "ps-bad-cidr" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    /// <summary>A field's own container (label, input, helper or error text).</summary>
    private static ILocator Field(ILocator scope, string label) =>
        scope.Locator(".mud-input-control").Filter(new() { Has = scope.Page.GetByLabel(label, new() { Exact = true }) });

    private static Task<ExternalProcess.Result> SwaksAsync(int port) => ExternalProcess.RunAsync("swaks",
        ["--server", $"127.0.0.1:{port}", "--tls", "--to", "someone@example.com", "--from", "sender@example.org", "--timeout", "20"],
        TimeSpan.FromSeconds(60));
}
