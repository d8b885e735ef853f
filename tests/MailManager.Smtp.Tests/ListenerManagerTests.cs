using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

using MailManager.Smtp.Tests.Infrastructure;

using Microsoft.Extensions.Options;

namespace MailManager.Smtp.Tests;

public sealed class ListenerManagerTests
{
    private static SmtpEndpoint Endpoint(string id, int port = 0) => new() { EndpointId = id, EndPoint = new IPEndPoint(IPAddress.Loopback, port) };

    private static async Task AssertRefusedAsync(int port)
    {
        using TcpClient tcp = new();
        SocketException refused = await Assert.ThrowsAsync<SocketException>(() => tcp.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task Start_reports_the_bound_port_and_status_changes_are_observable()
    {
        await using SmtpListenerManager manager = new(Options.Create(SmtpTestServer.DefaultOptions()));
        ConcurrentQueue<SmtpListenerStatusChangedEventArgs> changes = new();
        manager.StatusChanged += (_, e) => changes.Enqueue(e);

        SmtpListenerStartResult result = await manager.StartListenerAsync(Endpoint("inp-1"), new RecordingHandler());

        Assert.True(result.Succeeded);
        Assert.NotEqual(0, result.BoundEndPoint.Port);
        Assert.True(manager.IsListening("inp-1"));
        Assert.Equal(result.BoundEndPoint, manager.GetBoundEndPoint("inp-1"));
        await using (await RawSmtpClient.ConnectGreetedAsync(result.BoundEndPoint.Port))
        {
        }

        Assert.True(await manager.StopListenerAsync("inp-1"));
        Assert.False(manager.IsListening("inp-1"));
        Assert.Equal(SmtpListenerStatus.Stopped, manager.GetStatus("inp-1"));
        Assert.Equal(
            [SmtpListenerStatus.Starting, SmtpListenerStatus.Listening, SmtpListenerStatus.Stopping, SmtpListenerStatus.Stopped],
            changes.Select(c => c.Status));
        Assert.Equal(result.BoundEndPoint, changes.ElementAt(1).BoundEndPoint);
        await AssertRefusedAsync(result.BoundEndPoint.Port);
    }

    [Fact]
    public async Task Port_in_use_is_a_typed_failure()
    {
        using TcpListener squatter = new(IPAddress.Loopback, 0);
        squatter.Start();
        int port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using SmtpListenerManager manager = new(Options.Create(SmtpTestServer.DefaultOptions()));
        SmtpListenerStatusChangedEventArgs? failed = null;
        manager.StatusChanged += (_, e) => failed = e.Status == SmtpListenerStatus.Failed ? e : failed;

        SmtpListenerStartResult result = await manager.StartListenerAsync(Endpoint("inp-busy", port), new RecordingHandler());

        Assert.False(result.Succeeded);
        Assert.Equal(SmtpListenerFailureReason.AddressInUse, result.FailureReason);
        Assert.IsType<Microsoft.AspNetCore.Connections.AddressInUseException>(result.Exception);
        Assert.Contains("in use", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(SmtpListenerStatus.Failed, manager.GetStatus("inp-busy"));
        Assert.Equal(SmtpListenerFailureReason.AddressInUse, failed?.FailureReason);
    }

    [Fact]
    public async Task An_endpoint_with_several_addresses_accepts_on_each_and_stops_on_all()
    {
        await using SmtpListenerManager manager = new(Options.Create(SmtpTestServer.DefaultOptions()));
        SmtpEndpoint endpoint = new()
        {
            EndpointId = "inp-2ports",
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            AdditionalEndPoints = [new IPEndPoint(IPAddress.Loopback, 0)],
        };

        SmtpListenerStartResult result = await manager.StartListenerAsync(endpoint, new RecordingHandler());

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2, result.BoundEndPoints.Count);
        Assert.Equal(result.BoundEndPoints, manager.GetBoundEndPoints("inp-2ports"));
        Assert.Equal(result.BoundEndPoints[0], result.BoundEndPoint);
        foreach (IPEndPoint bound in result.BoundEndPoints)
        {
            await using RawSmtpClient client = await RawSmtpClient.ConnectGreetedAsync(bound.Port);
        }

        await manager.StopListenerAsync("inp-2ports");

        Assert.Empty(manager.GetBoundEndPoints("inp-2ports"));
        foreach (IPEndPoint bound in result.BoundEndPoints)
        {
            await AssertRefusedAsync(bound.Port);
        }
    }

    [Fact]
    public async Task One_address_in_use_fails_the_whole_endpoint_names_it_and_leaves_no_address_bound()
    {
        using TcpListener squatter = new(IPAddress.Loopback, 0);
        squatter.Start();
        int taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        int free = FreePort.Next();
        await using SmtpListenerManager manager = new(Options.Create(SmtpTestServer.DefaultOptions()));

        SmtpListenerStartResult result = await manager.StartListenerAsync(new SmtpEndpoint
        {
            EndpointId = "inp-half",
            EndPoint = new IPEndPoint(IPAddress.Loopback, free),
            AdditionalEndPoints = [new IPEndPoint(IPAddress.Loopback, taken)],
        }, new RecordingHandler());

        Assert.False(result.Succeeded);
        Assert.Equal(SmtpListenerFailureReason.AddressInUse, result.FailureReason);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, taken), result.FailedEndPoint);
        Assert.Empty(result.BoundEndPoints);
        Assert.False(manager.IsListening("inp-half"));
        // The address bound before the failure was released: nothing answers there, and it can be bound again.
        await AssertRefusedAsync(free);
        Assert.True((await manager.StartListenerAsync(Endpoint("inp-after", free), new RecordingHandler())).Succeeded);
    }

    [Fact]
    public async Task Starting_the_same_endpoint_twice_fails_and_stopping_an_unknown_one_returns_false()
    {
        await using SmtpListenerManager manager = new(Options.Create(SmtpTestServer.DefaultOptions()));
        Assert.True((await manager.StartListenerAsync(Endpoint("inp-1"), new RecordingHandler())).Succeeded);

        SmtpListenerStartResult again = await manager.StartListenerAsync(Endpoint("inp-1"), new RecordingHandler());

        Assert.Equal(SmtpListenerFailureReason.AlreadyListening, again.FailureReason);
        Assert.True(manager.IsListening("inp-1"));
        Assert.False(await manager.StopListenerAsync("inp-unknown"));
        Assert.Equal(SmtpListenerStatus.NotStarted, manager.GetStatus("inp-unknown"));
    }

    [Fact]
    public async Task A_stopped_endpoint_can_rebind_the_same_port_at_once()
    {
        await using SmtpListenerManager manager = new(Options.Create(SmtpTestServer.DefaultOptions()));
        SmtpListenerStartResult first = await manager.StartListenerAsync(Endpoint("inp-1"), new RecordingHandler());
        await manager.StopListenerAsync("inp-1");

        SmtpListenerStartResult second = await manager.StartListenerAsync(Endpoint("inp-1", first.BoundEndPoint!.Port), new RecordingHandler());

        Assert.True(second.Succeeded, second.Message);
        await using RawSmtpClient client = await RawSmtpClient.ConnectGreetedAsync(first.BoundEndPoint.Port);
    }

    [Fact]
    public async Task Stop_refuses_new_connections_tells_idle_sessions_421_and_lets_data_finish()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient idle = await server.ConnectReadyAsync();
        await using RawSmtpClient busy = await server.ConnectReadyAsync();
        await busy.CommandAsync("MAIL FROM:<a@example.com>");
        await busy.CommandAsync("RCPT TO:<b@example.org>");
        Assert.Equal(354, (await busy.CommandAsync("DATA")).Code);
        await busy.SendAsync("Subject: in flight\r\n\r\nfirst half\r\n");

        Task<bool> stop = server.Manager.StopListenerAsync(server.EndpointId);

        Assert.Equal("421 4.3.2", (await idle.ReadReplyAsync()).Status);
        Assert.Equal(string.Empty, await idle.ReadToEndAsync());
        await AssertRefusedAsync(server.Port);
        Assert.False(stop.IsCompleted);
        Assert.Equal(SmtpListenerStatus.Stopping, server.Manager.GetStatus(server.EndpointId));

        await busy.SendAsync("second half\r\n.\r\n");
        Assert.Equal("250 2.0.0", (await busy.ReadReplyAsync()).Status);
        Assert.Equal("421 4.3.2", (await busy.ReadReplyAsync()).Status);
        Assert.True(await Wait.WithTimeout(stop));
        Assert.Equal(SmtpListenerStatus.Stopped, server.Manager.GetStatus(server.EndpointId));
        Assert.Equal("Subject: in flight\r\n\r\nfirst half\r\nsecond half\r\n", (await server.Handler.NextMessageAsync()).BodyWithoutTrace);
    }

    [Fact]
    public async Task Stalled_session_is_aborted_when_the_drain_timeout_expires()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(o => o.DrainTimeout = TimeSpan.FromMilliseconds(300));
        await using RawSmtpClient stalled = await server.ConnectReadyAsync();
        await stalled.CommandAsync("MAIL FROM:<a@example.com>");
        await stalled.CommandAsync("RCPT TO:<b@example.org>");
        Assert.Equal(354, (await stalled.CommandAsync("DATA")).Code);
        await stalled.SendAsync("Subject: never finished\r\n");

        Assert.True(await Wait.WithTimeout(server.Manager.StopListenerAsync(server.EndpointId)));

        Assert.Equal(string.Empty, await stalled.ReadToEndAsync());
        Assert.Equal(1, server.Handler.Discards);
        Assert.Empty(server.Handler.Committed);
    }

    [Fact]
    public async Task Dispose_stops_every_listener()
    {
        SmtpListenerManager manager = new(Options.Create(SmtpTestServer.DefaultOptions()));
        SmtpListenerStartResult a = await manager.StartListenerAsync(Endpoint("inp-a"), new RecordingHandler());
        SmtpListenerStartResult b = await manager.StartListenerAsync(Endpoint("inp-b"), new RecordingHandler());
        await using RawSmtpClient idle = await RawSmtpClient.ConnectGreetedAsync(a.BoundEndPoint!.Port);

        await manager.DisposeAsync();

        Assert.Equal("421 4.3.2", (await idle.ReadReplyAsync()).Status);
        await AssertRefusedAsync(a.BoundEndPoint.Port);
        await AssertRefusedAsync(b.BoundEndPoint!.Port);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => manager.StartListenerAsync(Endpoint("inp-c"), new RecordingHandler()));
    }

    [Fact]
    public async Task New_sessions_pick_up_a_changed_policy_without_restart()
    {
        long limit = 100;
        RecordingHandler handler = new() { Policy = _ => new SmtpSessionPolicy { MaxMessageSizeBytes = Interlocked.Read(ref limit) } };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using RawSmtpClient before = await server.ConnectAsync();
        Assert.Contains("250-SIZE 100", (await before.EhloAsync()).Lines);

        Interlocked.Exchange(ref limit, 200);

        await using RawSmtpClient after = await server.ConnectAsync();
        Assert.Contains("250-SIZE 200", (await after.EhloAsync()).Lines);
        Assert.Contains("250-SIZE 100", (await before.EhloAsync()).Lines);
    }
}
