using System.Text.RegularExpressions;
using MailManager.E2E.Infrastructure;
using Microsoft.Playwright;

namespace MailManager.E2E;

/// <summary>
/// "Why was this mail refused?" answered in the console: an Open endpoint whose traffic policy denies by default
/// refuses swaks' recipient with 550, and the message log's sessions view shows the refusal with its reason.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VerdictLogTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_recipient_refused_by_the_traffic_policy_appears_in_the_message_log_with_its_reason()
    {
        var page = await browser.SignedInPageAsync();
        var h1 = page.GetByRole(AriaRole.Heading, new() { Level = 1 });

        await page.OpenAsync("traffic-policies/create");
        await page.GetByLabel("Traffic policy name").FillAsync("vl-deny-by-default");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Deny" }).CheckAsync();
        await page.Button("Create traffic policy").ClickAsync();
        await Assertions.Expect(h1).ToHaveTextAsync(new Regex("^tp-"));

        await ConsoleSteps.CreateEmptyRuleSetAsync(page, "vl-rules");
        var port = FreePort.Next();
        await ConsoleSteps.CreateOpenEndpointAsync(page, "vl-open", "vl-deny-by-default", "vl-rules", port);

        var swaks = await ExternalProcess.RunAsync("swaks",
            ["--server", $"127.0.0.1:{port}", "--to", "refused@example.com", "--from", "sender@example.org", "--helo", "swaks.client.example", "--timeout", "20"],
            TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, swaks.ExitCode);
        Assert.Contains("<** 550 5.7.1", swaks.All);

        // The sessions view, narrowed to refusals: the row names the recipient and what refused it.
        await page.OpenAsync("message-log");
        await page.Link("Sessions and verdicts").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex(@"^Sessions \(\d+\)$") })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Verdict" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Refused" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Table, new() { Name = "Sessions" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "refused@example.com" });
        // The log is written just after the session, off the reply path: refresh until it is there.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 1_000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 15)
            {
                await page.Button("Refresh").ClickAsync();
            }
        }
        await Assertions.Expect(row).ToContainTextAsync("refused@example.com: Default action (Deny)");
        await Assertions.Expect(row).ToContainTextAsync("vl-open");
        await Assertions.Expect(row).ToContainTextAsync("0 accepted, 1 refused");

        // The detail: the session's facts and the recipient's verdict in one look.
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(h1).ToHaveTextAsync(new Regex("^Session [0-9a-f]{12}$"));
        var session = page.GetByRole(AriaRole.Region, new() { Name = "Session" });
        await Assertions.Expect(session.Locator(".detail-item", new() { HasText = "Source IP" })).ToContainTextAsync("127.0.0.1");
        await Assertions.Expect(session.Locator(".detail-item", new() { HasText = "HELO" })).ToContainTextAsync("swaks.client.example");
        await Assertions.Expect(session.Locator(".detail-item", new() { HasText = "Authentication" })).ToContainTextAsync("None");
        var verdict = page.GetByRole(AriaRole.Region, new() { Name = "Verdict for refused@example.com" });
        await Assertions.Expect(verdict).ToContainTextAsync("Refused");
        await Assertions.Expect(verdict.Locator(".detail-item", new() { HasText = "Decided by" })).ToContainTextAsync("Default action (Deny)");
        await Assertions.Expect(verdict.Locator(".detail-item", new() { HasText = "MAIL FROM" })).ToContainTextAsync("sender@example.org");
        await page.Context.CloseAsync();
    }
}
