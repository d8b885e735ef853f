using MailManager.Smtp.Tests.Infrastructure;

namespace MailManager.Smtp.Tests;

public sealed class PipeliningAndTlsTests
{
    [Fact]
    public async Task Pipelined_commands_get_their_replies_in_order()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectAsync();

        await client.SendAsync("EHLO client.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<bad>\r\nRCPT TO:<c@example.org>\r\nDATA\r\n");

        Assert.Equal(250, (await client.ReadReplyAsync()).Code);
        Assert.Equal("250 2.1.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal("250 2.1.5", (await client.ReadReplyAsync()).Status);
        Assert.Equal("501 5.1.3", (await client.ReadReplyAsync()).Status);
        Assert.Equal("250 2.1.5", (await client.ReadReplyAsync()).Status);
        Assert.Equal(354, (await client.ReadReplyAsync()).Code);

        await client.SendAsync("Subject: pipelined\r\n\r\nbody\r\n.\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<d@example.org>\r\nDATA\r\n");
        Assert.Equal("250 2.0.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal("250 2.1.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal("250 2.1.5", (await client.ReadReplyAsync()).Status);
        Assert.Equal(354, (await client.ReadReplyAsync()).Code);

        await client.SendAsync("Subject: second\r\n\r\n.\r\nRSET\r\nNOOP\r\nQUIT\r\n");
        Assert.Equal("250 2.0.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal("250 2.0.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal("250 2.0.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal("221 2.0.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal(string.Empty, await client.ReadToEndAsync());

        Assert.Equal(2, server.Handler.Committed.Count);
        Assert.Equal(["b@example.org", "c@example.org"], server.Handler.Committed.First().Envelope.Recipients);
    }

    [Fact]
    public async Task Pipelined_batch_larger_than_the_socket_buffer_does_not_deadlock()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();
        const int count = 5000;

        Task send = client.SendAsync(string.Concat(Enumerable.Repeat("NOOP\r\n", count)));
        for (int i = 0; i < count; i++)
        {
            Assert.Equal("250 2.0.0", (await client.ReadReplyAsync()).Status);
        }

        await send;
    }

    [Fact]
    public async Task Bytes_pipelined_after_starttls_are_discarded()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();

        // An attacker in the path appends plaintext commands that would otherwise run inside the TLS session.
        await client.SendAsync("STARTTLS\r\nMAIL FROM:<attacker@evil.example>\r\nRCPT TO:<victim@example.org>\r\n");
        Assert.Equal("220 2.0.0", (await client.ReadReplyAsync()).Status);
        await client.HandshakeAsync();

        SmtpTestReply ehlo = await client.EhloAsync();
        Assert.Equal("250-mx.test.example", ehlo.Lines[0]);
        Assert.Equal("250 2.0.0", (await client.CommandAsync("NOOP")).Status);
        Assert.Equal("503 5.5.1", (await client.CommandAsync("RCPT TO:<victim@example.org>")).Status);
    }

    [Fact]
    public async Task Starttls_resets_the_session_so_the_client_must_greet_again()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);

        await client.StartTlsAsync();

        Assert.Equal("503 5.5.1", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);
        await client.EhloAsync();
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);
    }

    [Fact]
    public async Task Starttls_twice_is_out_of_sequence()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);

        Assert.Equal("503 5.5.1", (await client.CommandAsync("STARTTLS")).Status);
        Assert.Equal("250 2.0.0", (await client.CommandAsync("NOOP")).Status);
    }

    [Fact]
    public async Task Starttls_with_arguments_is_a_syntax_error()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();

        Assert.Equal("501 5.5.4", (await client.CommandAsync("STARTTLS now")).Status);
    }

    [Fact]
    public async Task Failed_handshake_closes_the_connection_and_frees_its_slot()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();
        Assert.Equal("220 2.0.0", (await client.CommandAsync("STARTTLS")).Status);

        await client.SendAsync("this is not a TLS ClientHello\r\n");

        await client.ReadToEndAsync();
        await Wait.UntilAsync(() => server.Manager.GetActiveSessionCount(server.EndpointId) == 0, "the session ends");
    }
}
