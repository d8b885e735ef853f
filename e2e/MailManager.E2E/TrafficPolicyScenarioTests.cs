using MailManager.E2E.Infrastructure;
using Microsoft.Playwright;

namespace MailManager.E2E;

/// <summary>
/// Issue 10 tried as a new administrator would: an address list bulk-uploaded in the console, a policy of several
/// statements over a Deny default built in the browser and assigned to an Open endpoint, and swaks from the command
/// line allowed or refused exactly as the statements say: Deny statements before Allow ones, a wildcard member, a
/// TLS minimum that a plaintext session does not meet and a STARTTLS one does.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TrafficPolicyScenarioTests(BrowserFixture browser) : IDisposable
{
    private readonly TemporaryFolder _files = new("mm-e2e-scenario-");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Swaks_is_allowed_or_refused_exactly_as_the_statements_and_the_imported_list_say()
    {
        var page = await browser.SignedInPageAsync();

        // The staff directory, uploaded as a CSV.
        await page.OpenAsync("address-lists/create");
        await page.GetByLabel("Address list name").FillAsync("scenario-staff");
        await page.Button("Create address list").ClickAsync();
        await ConsoleSteps.NewIdAsync(page, "al");
        var csv = Path.Combine(_files.Path, "staff.csv");
        await File.WriteAllTextAsync(csv, "address\nalice@example.com\nuser*@example.com\n*@partners.example\n");
        await page.GetByLabel("Import file (CSV or JSON)").SetInputFilesAsync(csv);
        await page.Button("Start import").ClickAsync();
        var job = page.GetByRole(AriaRole.Region, new() { Name = "Import jobs" }).Locator("tbody tr", new() { HasText = "staff" });
        await Assertions.Expect(job).ToContainTextAsync("Completed", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Members (3)" })).ToBeVisibleAsync();

        await ConsoleSteps.CreateEmptyRuleSetAsync(page, "scenario-keep");

        // Deny by default; allow the staff list; deny "user-blocked…" even though the list's wildcard holds it;
        // allow example.org recipients only over TLS 1.2 or later.
        await page.OpenAsync("traffic-policies/create");
        await page.GetByLabel("Traffic policy name").FillAsync("scenario-gate");
        await page.GetByRole(AriaRole.Radiogroup, new() { Name = "Default action" }).GetByRole(AriaRole.Radio, new() { Name = "Deny" }).CheckAsync();

        await page.Button("Add new policy statement").ClickAsync();
        var staff = Condition(page, 1, 1);
        await Statement(page, 1).GetByRole(AriaRole.Radio, new() { Name = "Allow" }).CheckAsync();
        await page.ChooseAsync(staff, "Property", "Recipient address is in address list");
        await page.ChooseAsync(staff, "Operator", "Is true");
        await page.ChooseAsync(staff, "Address list", "scenario-staff");

        await page.Button("Add new policy statement").ClickAsync();
        await Statement(page, 2).GetByRole(AriaRole.Radio, new() { Name = "Deny" }).CheckAsync();
        var blocked = Condition(page, 2, 1);
        await page.ChooseAsync(blocked, "Property", "Recipient address");
        await page.ChooseAsync(blocked, "Operator", "Starts with");
        await blocked.GetByLabel("Value 1", new() { Exact = true }).FillAsync("user-blocked");

        await page.Button("Add new policy statement").ClickAsync();
        await Statement(page, 3).GetByRole(AriaRole.Radio, new() { Name = "Allow" }).CheckAsync();
        var domain = Condition(page, 3, 1);
        await page.ChooseAsync(domain, "Property", "Recipient address");
        await page.ChooseAsync(domain, "Operator", "Ends with");
        await domain.GetByLabel("Value 1", new() { Exact = true }).FillAsync("@example.org");
        await page.Button("Add new condition to policy statement 3").ClickAsync();
        var tls = Condition(page, 3, 2);
        await page.ChooseAsync(tls, "Property", "TLS protocol version");
        await page.ChooseAsync(tls, "Operator", "Minimum version");
        await page.ChooseAsync(tls, "Value", "TLS 1.2");
        await page.Button("Create traffic policy").ClickAsync();
        await ConsoleSteps.NewIdAsync(page, "tp");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Policy statements" }).GetByRole(AriaRole.Listitem)).ToHaveTextAsync(
        [
            "Allow when Recipient address is in address list scenario-staff",
            "Deny when Recipient address starts with user-blocked",
            "Allow when Recipient address ends with @example.org and TLS protocol version is at least TLS 1.2",
        ]);

        var port = FreePort.Next();
        await ConsoleSteps.CreateOpenEndpointAsync(page, "scenario-open", "scenario-gate", "scenario-keep", port);

        await AcceptedAsync(port, "alice@example.com");
        await AcceptedAsync(port, "ALICE@Example.com");
        await AcceptedAsync(port, "user+news@example.com");
        await AcceptedAsync(port, "anyone@partners.example");
        await RefusedAsync(port, "user-blocked@example.com");
        await RefusedAsync(port, "bob@example.com");
        await RefusedAsync(port, "carol@example.org");
        await AcceptedAsync(port, "carol@example.org", "--tls");
        await page.Context.CloseAsync();
    }

    private static ILocator Statement(IPage page, int statement) =>
        page.GetByRole(AriaRole.Region, new() { Name = $"Policy statement {statement}", Exact = true });

    private static ILocator Condition(IPage page, int statement, int condition) =>
        page.GetByRole(AriaRole.Group, new() { Name = $"Policy statement {statement}, condition {condition}", Exact = true });

    private static async Task AcceptedAsync(int port, string recipient, params string[] options)
    {
        var result = await SwaksAsync(port, recipient, options);
        Assert.True(result.ExitCode == 0, $"{recipient} should be accepted:\n{result.All}");
        Assert.Matches(@"<[-~] +250 [0-9.]+ .*queued", result.Output);
    }

    private static async Task RefusedAsync(int port, string recipient)
    {
        var result = await SwaksAsync(port, recipient, []);
        Assert.True(result.ExitCode != 0 && result.Output.Contains("<** 550 5.7.1", StringComparison.Ordinal), $"{recipient} should be refused:\n{result.All}");
    }

    private static Task<ExternalProcess.Result> SwaksAsync(int port, string recipient, string[] options) => ExternalProcess.RunAsync("swaks",
        ["--server", $"127.0.0.1:{port}", "--to", recipient, "--from", "sender@example.net", "--timeout", "20", .. options],
        TimeSpan.FromSeconds(60));
}
