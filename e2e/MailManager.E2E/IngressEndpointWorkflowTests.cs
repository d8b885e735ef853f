using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailManager.E2E.Infrastructure;
using MailManager.Testing;
using Microsoft.Playwright;
using MimeKit;

namespace MailManager.E2E;

/// <summary>
/// The ingress endpoint seed's workflow in the browser, with real mail: a traffic policy, a rule set relaying
/// to a downstream server, an Authenticated endpoint on two ports (as the seed's 25 and 587) that goes
/// Provisioning → Active on the open page; mail sent to its second port with MailKit as the endpoint ID arrives
/// downstream and shows Delivered in the message log; then the endpoint is closed (both ports refuse
/// connections) and deleted.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IngressEndpointWorkflowTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string SmtpPassword = "Ingress-Passw0rd!";
    private readonly DownstreamServer _downstream = new("exchange-user", "Exchange-Passw0rd");

    public Task InitializeAsync() => _downstream.StartAsync();

    public async Task DisposeAsync() => await _downstream.DisposeAsync();

    [Fact]
    public async Task Mail_sent_to_an_authenticated_endpoint_is_relayed_and_logged_then_the_endpoint_is_closed_and_deleted()
    {
        var page = await browser.SignedInPageAsync();
        var h1 = page.GetByRole(AriaRole.Heading, new() { Level = 1 });

        await ConsoleSteps.StoreSecretAsync(page, "wf-exchange-credentials", ("username", _downstream.UserName), ("password", _downstream.Password));
        await ConsoleSteps.CreateRelayAsync(page, "wf-to-exchange", _downstream.Port, "wf-exchange-credentials");

        await page.OpenAsync("traffic-policies/create");
        await page.GetByLabel("Traffic policy name").FillAsync("wf-allow");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Allow" }).CheckAsync();
        await page.Button("Create traffic policy").ClickAsync();
        await Assertions.Expect(h1).ToHaveTextAsync(new Regex("^tp-"));

        await page.OpenAsync("rule-sets/create");
        await page.GetByLabel("Rule set name").FillAsync("wf-relay-all");
        await page.Button("Create new rule").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add new action to rule 1" }).ClickAsync();
        await page.GetByLabel("Rule 1 action 1 SMTP relay", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "wf-to-exchange" }).ClickAsync();
        await page.Button("Create rule set").ClickAsync();
        await Assertions.Expect(h1).ToHaveTextAsync(new Regex("^rs-"));

        // The endpoint, as the seed creates it.
        await page.OpenAsync("ingress-endpoints");
        await page.Link("Create ingress endpoint").First.ClickAsync();
        await page.GetByLabel("Ingress endpoint name").FillAsync("wf-authenticated");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Authenticated" }).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "SMTP password" }).CheckAsync();
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(SmtpPassword);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Traffic policy" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "wf-allow" }).ClickAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Rule set" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "wf-relay-all" }).ClickAsync();
        await page.GetByLabel("Bind address").FillAsync("127.0.0.1");
        // Two ports a test may bind, whatever this host proposed (25 and 587 as root, else ports of the range).
        int[] ports = [FreePort.Next(), FreePort.Next()];
        await page.GetByLabel("Port 1", new() { Exact = true }).FillAsync(ports[0].ToString(CultureInfo.InvariantCulture));
        if (await page.GetByLabel("Port 2", new() { Exact = true }).CountAsync() == 0)
        {
            await page.Button("Add port").ClickAsync();
        }
        await page.GetByLabel("Port 2", new() { Exact = true }).FillAsync(ports[1].ToString(CultureInfo.InvariantCulture));
        await page.Button("Create ingress endpoint").ClickAsync();

        // Provisioning, then Active on the same page without a reload.
        await Assertions.Expect(h1).ToHaveTextAsync(new Regex("^inp-[a-z0-9]{26}$"));
        var endpointId = await h1.InnerTextAsync();
        var general = page.GetByRole(AriaRole.Region, new() { Name = "General details" });
        await Assertions.Expect(general.Locator(".detail-item", new() { HasText = "Status" })).ToContainTextAsync("Active", new() { Timeout = 30_000 });
        await Assertions.Expect(general.Locator(".detail-item", new() { HasText = "Ports" }).Locator("dd"))
            .ToHaveTextAsync(string.Join(", ", ports.Order()));
        var port = ports[1];
        var connection = page.GetByRole(AriaRole.Region, new() { Name = "Connection details" });
        await Assertions.Expect(connection).ToContainTextAsync(Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(endpointId)));

        // Mail from an on-premises server, authenticating as the endpoint ID.
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("alerts@onprem.example.org"));
        message.To.Add(MailboxAddress.Parse("someone@example.com"));
        message.Subject = "Through the gateway";
        message.Body = new TextPart("plain") { Text = "Relayed by MailManager." };
        using (var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true })
        {
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.StartTls);
            await client.AuthenticateAsync(endpointId, SmtpPassword);
            await client.SendAsync(message);
            await client.DisconnectAsync(true);
        }

        // It is delivered downstream, bytes and envelope, and the message log says so.
        await WaitForAsync(() => !_downstream.Received.IsEmpty);
        var (envelope, content) = _downstream.Received.Single();
        Assert.Equal("alerts@onprem.example.org", envelope.MailFrom);
        Assert.Equal(["someone@example.com"], envelope.Recipients);
        Assert.Equal("exchange-user", envelope.AuthenticatedUser);
        Assert.Contains("Subject: Through the gateway", content);
        Assert.Contains("Relayed by MailManager.", content);

        await page.OpenAsync("message-log");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Through the gateway" });
        await Assertions.Expect(row).ToContainTextAsync("Delivered", new() { Timeout = 30_000 });
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        // The downstream's reply, on the recipient and on the relay action's attempt.
        await Assertions.Expect(page.GetByText("250 2.0.0 Ok: queued as downstream-1")).ToHaveCountAsync(2);

        // Closed: the port refuses connections.
        await page.OpenAsync($"ingress-endpoints/{endpointId}");
        await page.Link("Edit General details").ClickAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Closed" }).CheckAsync();
        await page.Button("Save changes").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "General details" })
            .Locator(".detail-item", new() { HasText = "Status" })).ToContainTextAsync("Closed", new() { Timeout = 30_000 });
        foreach (var closedPort in ports)
        {
            using var probe = new TcpClient();
            var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync("127.0.0.1", closedPort));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }

        // Deleted: it leaves the list.
        await page.OpenAsync("ingress-endpoints");
        await page.GetByRole(AriaRole.Row, new() { Name = "wf-authenticated" }).GetByRole(AriaRole.Radio).CheckAsync();
        await page.Button("Delete").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "wf-authenticated" })).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await page.Context.CloseAsync();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The downstream server received nothing within 30 seconds.");
            await Task.Delay(50);
        }
    }
}
