using System.Net;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailManager.Core.IngressPoints;
using MailManager.Data.IngressPoints;
using MimeKit;

namespace MailManager.Ingress.Tests;

/// <summary>
/// Endpoints on several ports, and their bind address and ports edited, as a sender sees it: real listeners on real
/// sockets, MailKit as the client, the statuses the console shows.
/// </summary>
public sealed class IngressPortsTests : GatewayTest
{
    private const string Password = "Sm7p-Passw0rd!";

    private IngressPointService Endpoints => App.Get<IngressPointService>();

    [Fact]
    public async Task An_authenticated_endpoint_on_two_ports_accepts_mail_on_both()
    {
        // As the seed's 25 and 587, on ports a test may bind.
        int[] ports = [FreePort.Next(), FreePort.Next()];
        var id = await App.CreateEndpointAsync(new IngressPointDraft
        {
            Type = IngressPointType.Auth, SmtpPassword = Password, Ports = IngressPortDraft.Of(ports),
        });

        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);

        Assert.Equal(ports.Order(), endpoint.Ports);
        foreach (var port in ports)
        {
            Assert.Matches("^msg-", await SendAsync(port, id));
        }
    }

    [Fact]
    public async Task Editing_the_ports_restarts_the_listener_and_the_old_port_refuses_connections()
    {
        var (oldPort, kept, added) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open, Ports = IngressPortDraft.Of(oldPort, kept) });
        await App.WaitForStatusAsync(id, IngressPointStatus.Active);
        Assert.Matches("^msg-", await SendAsync(oldPort));

        var (endpoint, statuses) = await App.RestartAsync(id, async () =>
        {
            var saved = await Endpoints.UpdateGeneralAsync(id, General("127.0.0.1", kept, added));
            Assert.True(saved.Succeeded, saved.Errors.ToString());
        });

        Assert.Equal([IngressPointStatus.Updating, IngressPointStatus.Active], statuses);
        Assert.Equal(IngressPointStatus.Active, endpoint.Status);
        await AssertRefusedAsync(IPAddress.Loopback, oldPort);
        Assert.Matches("^msg-", await SendAsync(kept));
        Assert.Matches("^msg-", await SendAsync(added));
    }

    [Fact]
    public async Task Editing_the_bind_address_restarts_the_listener_on_the_new_address_only()
    {
        var port = FreePort.Next();
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open, Ports = IngressPortDraft.Of(port) });
        await App.WaitForStatusAsync(id, IngressPointStatus.Active);

        // Linux answers on all of 127.0.0.0/8: a second address of this host without any setup.
        var (endpoint, statuses) = await App.RestartAsync(id, () => Endpoints.UpdateGeneralAsync(id, General("127.0.0.2", port)));

        Assert.Equal([IngressPointStatus.Updating, IngressPointStatus.Active], statuses);
        Assert.Equal("127.0.0.2", endpoint.BindAddress);
        await AssertRefusedAsync(IPAddress.Loopback, port);
        Assert.Matches("^msg-", await SendAsync(port, host: "127.0.0.2"));
    }

    [Fact]
    public async Task A_port_in_use_makes_the_endpoint_failed_naming_the_port_and_none_of_its_ports_listens_until_it_is_changed()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var free = FreePort.Next();

        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open, Ports = IngressPortDraft.Of(free, taken) });
        var failed = await App.WaitForStatusAsync(id, IngressPointStatus.Failed);

        Assert.StartsWith($"Port {taken} on 127.0.0.1 is already in use by another program.", failed.StatusReason);
        Assert.Contains("listens on none of its ports", failed.StatusReason);
        await AssertRefusedAsync(IPAddress.Loopback, free);

        // The administrator picks another port: the endpoint restarts (Updating) and comes up on both.
        var replacement = FreePort.Next();
        var (endpoint, statuses) = await App.RestartAsync(id, () => Endpoints.UpdateGeneralAsync(id, General("127.0.0.1", free, replacement)));

        Assert.Equal([IngressPointStatus.Updating, IngressPointStatus.Active], statuses);
        Assert.Null(endpoint.StatusReason);
        Assert.Matches("^msg-", await SendAsync(free));
        Assert.Matches("^msg-", await SendAsync(replacement));
    }

    [Fact]
    public async Task Editing_onto_a_port_another_program_took_makes_an_active_endpoint_failed_with_the_reason()
    {
        var port = FreePort.Next();
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open, Ports = IngressPortDraft.Of(port) });
        await App.WaitForStatusAsync(id, IngressPointStatus.Active);
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var (endpoint, statuses) = await App.RestartAsync(id, () => Endpoints.UpdateGeneralAsync(id, General("127.0.0.1", taken)));

        Assert.Equal([IngressPointStatus.Updating, IngressPointStatus.Failed], statuses);
        Assert.Equal($"Port {taken} on 127.0.0.1 is already in use by another program.", endpoint.StatusReason);
        await AssertRefusedAsync(IPAddress.Loopback, port);
    }

    private static IngressPointGeneralDraft General(string bindAddress, params int[] ports) => new()
    {
        Status = IngressPointStatusToUpdate.Active,
        BindAddress = bindAddress,
        Ports = IngressPortDraft.Of(ports),
        TlsPolicy = TlsPolicy.Optional,
    };

    /// <summary>Sends one message over STARTTLS, as the endpoint ID when <paramref name="userName"/> is given; returns the queue ID.</summary>
    private static async Task<string> SendAsync(int port, string? userName = null, string host = "127.0.0.1")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@example.org"));
        message.To.Add(MailboxAddress.Parse("someone@example.com"));
        message.Subject = "Ports test";
        message.Body = new TextPart("plain") { Text = $"Sent to port {port}." };
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true, Timeout = 15_000 };
        await client.ConnectAsync(host, port, SecureSocketOptions.StartTls);
        if (userName is not null)
        {
            await client.AuthenticateAsync(userName, Password);
        }
        var reply = await client.SendAsync(message);
        await client.DisconnectAsync(true);
        return System.Text.RegularExpressions.Regex.Match(reply, "msg-[a-z0-9]{26}").Value;
    }

    private static async Task AssertRefusedAsync(IPAddress address, int port)
    {
        using var probe = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(address, port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
