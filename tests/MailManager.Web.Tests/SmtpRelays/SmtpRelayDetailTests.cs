using System.Net;
using System.Net.Sockets;
using System.Text;
using Bunit;
using MailManager.Core.Relays;
using MailManager.Core.Secrets;
using MailManager.Data.Relays;
using MailManager.Data.Secrets;
using MailManager.Web.Components.Pages.SmtpRelays;
using MailManager.Web.Tests.Infrastructure;
using MailManager.Web.Tests.Secrets;

namespace MailManager.Web.Tests.SmtpRelays;

public sealed class SmtpRelayDetailTests : ConsoleTestContext
{
    private const string Password = "Tr0ub4dor-and-3";
    private static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(10);

    private async Task<string> CreateRelayAsync(int port, string? secretId = null)
    {
        var result = await Service<RelayService>().CreateAsync(new RelayDraft
        {
            Name = "to-exchange", ServerName = "127.0.0.1", ServerPort = port, SecretId = secretId,
        });
        return result.Id!;
    }

    private async Task<string> StoreCredentialsAsync()
    {
        var result = await Service<SecretService>().CreateAsync(new SecretDraft
        {
            Name = "exchange-login",
            Entries = [new() { Key = RelayCredentialKeys.Username, Value = "relay-user" }, new() { Key = RelayCredentialKeys.Password, Value = Password }],
        });
        return result.Id!;
    }

    private IRenderedComponent<SmtpRelayDetail> RenderDetail(string relayId)
    {
        var page = Context.Render<SmtpRelayDetail>(p => p.Add(x => x.RelayId, relayId));
        page.WaitForAssertion(() => Assert.Contains("Relay details", page.Markup));
        return page;
    }

    [Fact]
    public async Task The_details_show_no_authentication()
    {
        var page = RenderDetail(await CreateRelayAsync(25));

        Assert.Contains("127.0.0.1", page.Markup);
        Assert.Contains("No authentication", page.Markup);
    }

    [Fact]
    public async Task The_details_link_to_the_secret_by_name()
    {
        var secretId = await StoreCredentialsAsync();

        var page = RenderDetail(await CreateRelayAsync(587, secretId));

        var link = page.FindAll("a").Single(a => a.TextContent.Trim() == "exchange-login");
        Assert.Equal($"secrets/{secretId}", link.GetAttribute("href"));
        Assert.DoesNotContain(Password, page.Markup);
    }

    [Fact]
    public async Task Test_connection_reports_success_and_the_transcript()
    {
        await using var server = new TinySmtpServer();
        var page = RenderDetail(await CreateRelayAsync(server.Port));

        page.ClickButton("Test connection");

        page.WaitForAssertion(() =>
        {
            var alert = page.Find(".mud-alert");
            Assert.Contains("success", alert.ClassName, StringComparison.Ordinal);
            Assert.Contains($"Connected to 127.0.0.1:{server.Port}", alert.TextContent);
        }, ConnectionTimeout);
        Assert.Contains("SMTP transcript", page.Find("details summary").TextContent);
        Assert.Contains("EHLO", page.Find("details pre").TextContent);
    }

    [Fact]
    public async Task Test_connection_logs_in_with_the_secret_and_never_shows_the_password()
    {
        await using var server = new TinySmtpServer(offerAuth: true);
        var page = RenderDetail(await CreateRelayAsync(server.Port, await StoreCredentialsAsync()));

        page.ClickButton("Test connection");

        page.WaitForAssertion(() => Assert.Contains("authenticated as relay-user", page.Find(".mud-alert").TextContent), ConnectionTimeout);
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0relay-user\0{Password}"));
        lock (server.Received)
        {
            // The server did receive the real password: the secret's value was read for the test.
            Assert.Contains(server.Received, line => line.Contains(plain, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(Password, page.Markup);
        Assert.DoesNotContain(plain, page.Markup);
    }

    [Fact]
    public async Task Test_connection_to_a_closed_port_reports_connection_refused()
    {
        var page = RenderDetail(await CreateRelayAsync(ClosedPort()));

        page.ClickButton("Test connection");

        page.WaitForAssertion(() =>
        {
            var alert = page.Find(".mud-alert");
            Assert.Contains("error", alert.ClassName, StringComparison.Ordinal);
            Assert.Contains("Connection refused", alert.TextContent);
        }, ConnectionTimeout);
    }

    [Fact]
    public void An_unknown_relay_says_so()
    {
        var page = Context.Render<SmtpRelayDetail>(p => p.Add(x => x.RelayId, "rl-missing"));

        page.WaitForAssertion(() => Assert.Contains("This SMTP relay does not exist.", page.Markup));
    }

    // A port that was free a moment ago: nothing listens there, so connecting is refused at once.
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
