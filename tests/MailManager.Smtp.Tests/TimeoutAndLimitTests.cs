using System.Net;

using MailManager.Smtp.Tests.Infrastructure;

using Microsoft.Extensions.Options;

namespace MailManager.Smtp.Tests;

public sealed class TimeoutAndLimitTests
{
    [Fact]
    public async Task Idle_client_gets_421_after_the_command_timeout()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(o => o.CommandTimeout = TimeSpan.FromMilliseconds(300));
        await using RawSmtpClient client = await server.ConnectAsync();

        SmtpTestReply reply = await client.ReadReplyAsync();

        Assert.Equal("421 4.4.2", reply.Status);
        Assert.Equal(string.Empty, await client.ReadToEndAsync());
    }

    [Fact]
    public async Task Stalled_data_gets_421_after_the_command_timeout_and_is_discarded()
    {
        // Long enough that MAIL, RCPT and DATA never time out on a loaded machine; the stall itself must.
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(o => o.CommandTimeout = TimeSpan.FromSeconds(2));
        await using RawSmtpClient client = await server.ConnectReadyAsync();
        await client.CommandAsync("MAIL FROM:<a@example.com>");
        await client.CommandAsync("RCPT TO:<b@example.org>");
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);

        await client.SendAsync("Subject: stalled\r\n\r\nhalf a mess");

        Assert.Equal("421 4.4.2", (await client.ReadReplyAsync()).Status);
        await Wait.UntilAsync(() => server.Handler.Discards == 1, "the stalled message is discarded");
    }

    [Fact]
    public async Task Session_longer_than_the_session_timeout_gets_421()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(o =>
        {
            o.SessionTimeout = TimeSpan.FromMilliseconds(400);
            o.CommandTimeout = TimeSpan.FromSeconds(30);
        });
        await using RawSmtpClient client = await server.ConnectAsync();

        SmtpTestReply reply = await client.ReadReplyAsync();

        Assert.Equal("421 4.4.2", reply.Status);
        Assert.Contains("Session time limit", reply.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_over_the_endpoint_limit_get_421_at_connect()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(o =>
        {
            o.MaxConnectionsPerEndpoint = 2;
            o.MaxConnectionsPerClientIp = 10;
        });
        RawSmtpClient first = await server.ConnectAsync();
        await using RawSmtpClient second = await server.ConnectAsync();
        await using RawSmtpClient third = await RawSmtpClient.ConnectAsync(server.Port);

        Assert.Equal("421 4.7.0", (await third.ReadReplyAsync()).Status);
        Assert.Equal(string.Empty, await third.ReadToEndAsync());

        Assert.Equal("221 2.0.0", (await first.CommandAsync("QUIT")).Status);
        await first.DisposeAsync();
        await Wait.UntilAsync(() => server.Manager.GetActiveSessionCount(server.EndpointId) == 1, "the first session ends");
        await using RawSmtpClient fourth = await server.ConnectAsync();
    }

    [Fact]
    public async Task Connections_over_the_per_ip_limit_get_421_on_every_endpoint()
    {
        SmtpServerOptions options = SmtpTestServer.DefaultOptions();
        options.MaxConnectionsPerClientIp = 1;
        await using SmtpListenerManager manager = new(Options.Create(options));
        RecordingHandler handler = new();
        SmtpListenerStartResult a = await manager.StartListenerAsync(new SmtpEndpoint { EndpointId = "inp-a", EndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, handler);
        SmtpListenerStartResult b = await manager.StartListenerAsync(new SmtpEndpoint { EndpointId = "inp-b", EndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, handler);
        Assert.True(a.Succeeded && b.Succeeded);

        await using RawSmtpClient first = await RawSmtpClient.ConnectGreetedAsync(a.BoundEndPoint!.Port);
        await using RawSmtpClient sameEndpoint = await RawSmtpClient.ConnectAsync(a.BoundEndPoint.Port);
        await using RawSmtpClient otherEndpoint = await RawSmtpClient.ConnectAsync(b.BoundEndPoint!.Port);

        Assert.Equal("421 4.7.0", (await sameEndpoint.ReadReplyAsync()).Status);
        Assert.Equal("421 4.7.0", (await otherEndpoint.ReadReplyAsync()).Status);
    }
}
