using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailManager.Delivery.Tests.Infrastructure;
using MailManager.Delivery.Relays;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Tests;

/// <summary><i>Test connection</i> builds its client as delivery does: the same EHLO name and the same connect timeout.</summary>
public sealed class RelayClientsTests
{
    [Fact]
    public async Task Test_connection_greets_with_the_gateway_name_as_delivery_does()
    {
        await using var sink = SmtpSink.Start();
        var tester = new RelayConnectionTester(new RelayClients(Options.Create(new DeliveryOptions { HeloName = "gw.example.com" })));

        var result = await tester.TestAsync("127.0.0.1", sink.Port, credentials: null);

        Assert.True(result.Succeeded, result.Summary);
        Assert.Contains("C: EHLO gw.example.com", result.Transcript);
    }

    [Fact]
    public async Task Test_connection_gives_up_after_the_configured_connect_timeout()
    {
        // Accepts the connection and never greets, as a server stuck behind a firewall rule can.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var tester = new RelayConnectionTester(new RelayClients(Options.Create(new DeliveryOptions { ConnectTimeout = TimeSpan.FromMilliseconds(300) })));

        var clock = Stopwatch.StartNew();
        var result = await tester.TestAsync("127.0.0.1", port, credentials: null);

        Assert.False(result.Succeeded);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Took {clock.Elapsed}.");
        Assert.Contains("within", result.Summary);
    }
}
