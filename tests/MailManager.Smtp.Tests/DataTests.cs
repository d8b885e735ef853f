using System.Text;

using MailManager.Smtp.Tests.Infrastructure;

namespace MailManager.Smtp.Tests;

public sealed class DataTests
{
    private static async Task<RawSmtpClient> ReadyForDataAsync(SmtpTestServer server, string mailFrom = "MAIL FROM:<a@example.com>")
    {
        RawSmtpClient client = await server.ConnectReadyAsync();
        Assert.Equal("250 2.1.0", (await client.CommandAsync(mailFrom)).Status);
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<b@example.org>")).Status);
        SmtpTestReply data = await client.CommandAsync("DATA");
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", data.Lines.Single());
        return client;
    }

    [Fact]
    public async Task Data_without_recipients_is_out_of_sequence()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();

        Assert.Equal("503 5.5.1", (await client.CommandAsync("DATA")).Status);
        await client.CommandAsync("MAIL FROM:<a@example.com>");
        Assert.Equal("503 5.5.1", (await client.CommandAsync("DATA")).Status);
    }

    [Fact]
    public async Task Data_after_every_recipient_was_refused_is_answered_no_valid_recipients()
    {
        RecordingHandler handler = new()
        {
            Policy = _ => new SmtpSessionPolicy
            {
                CheckRecipient = (_, _, recipient, _) => ValueTask.FromResult<SmtpReply?>(
                    recipient.EndsWith("@example.org", StringComparison.Ordinal) ? null : new SmtpReply(550, "5.7.1", "Recipient rejected")),
            },
        };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using RawSmtpClient client = await server.ConnectReadyAsync();

        // A pipelined group, as RFC 2920 clients send it: both recipients refused, then DATA.
        await client.SendAsync("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.net>\r\nRCPT TO:<c@example.net>\r\nDATA\r\n");
        Assert.Equal("250 2.1.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal("550 5.7.1", (await client.ReadReplyAsync()).Status);
        Assert.Equal("550 5.7.1", (await client.ReadReplyAsync()).Status);
        Assert.Equal("554 5.5.1", (await client.ReadReplyAsync()).Status);

        // As after 503, the transaction stays open: a recipient the policy accepts makes DATA go ahead.
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<d@example.org>")).Status);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
    }

    [Fact]
    public async Task Message_is_committed_before_250_with_the_queue_id_and_envelope()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await ReadyForDataAsync(server, "MAIL FROM:<a@example.com> BODY=8BITMIME");

        SmtpTestReply reply = await client.CommandAsync("Subject: hello\r\n\r\nHi there\r\n.");

        ReceivedMessage message = Assert.Single(server.Handler.Committed);
        Assert.Equal($"250 2.0.0 Ok: queued as {message.QueueId}", reply.Lines.Single());
        Assert.Equal("Subject: hello\r\n\r\nHi there\r\n", message.BodyWithoutTrace);
        SmtpEnvelope envelope = message.Envelope;
        Assert.Equal(server.EndpointId, envelope.EndpointId);
        Assert.Equal(System.Net.IPAddress.Loopback, envelope.RemoteAddress);
        Assert.Equal("client.example", envelope.HeloName);
        Assert.Equal("a@example.com", envelope.MailFrom);
        Assert.Equal(["b@example.org"], envelope.Recipients);
        Assert.Equal(SmtpBodyType.EightBitMime, envelope.BodyType);
        Assert.False(envelope.SmtpUtf8);
        Assert.False(envelope.IsAuthenticated);
        Assert.Equal(System.Security.Authentication.SslProtocols.None, envelope.TlsProtocol);
        Assert.Null(envelope.TlsCipherSuite);
        Assert.Equal(message.Content.Length, envelope.SizeBytes);
    }

    [Fact]
    public async Task Received_header_comes_first_and_describes_the_session()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await ReadyForDataAsync(server);

        await client.CommandAsync("Subject: x\r\n\r\nbody\r\n.");

        string text = (await server.Handler.NextMessageAsync()).Text;
        string[] lines = text.Split("\r\n");
        Assert.Equal("Received: from client.example ([127.0.0.1])", lines[0]);
        Assert.Matches(@"^\tby mx\.test\.example with ESMTP id [0-9a-f]{12}\.1$", lines[1]);
        Assert.Matches(@"^\t\(no TLS; not authenticated\)$", lines[2]);
        Assert.Matches(@"^\tfor <b@example\.org>; \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$", lines[3]);
        Assert.Equal("Subject: x", lines[4]);
    }

    [Fact]
    public async Task Received_header_over_tls_names_protocol_and_cipher()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);
        await client.CommandAsync("MAIL FROM:<a@example.com>");
        await client.CommandAsync("RCPT TO:<b@example.org>");
        await client.CommandAsync("DATA");

        await client.CommandAsync("Subject: x\r\n\r\nbody\r\n.");

        ReceivedMessage message = await server.Handler.NextMessageAsync();
        string cipher = client.Ssl!.NegotiatedCipherSuite.ToString();
        Assert.Equal(cipher, message.Envelope.TlsCipherSuite);
        Assert.Equal(client.Ssl.SslProtocol, message.Envelope.TlsProtocol);
        Assert.Contains("with ESMTPS id", message.Text);
        string version = client.Ssl.SslProtocol == System.Security.Authentication.SslProtocols.Tls13 ? "TLSv1.3" : "TLSv1.2";
        Assert.Contains($"({version} {cipher}; not authenticated)", message.Text);
    }

    [Fact]
    public async Task Dots_are_unstuffed()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await ReadyForDataAsync(server);

        await client.SendAsync("..leading dot\r\n...\r\n.\r\n");

        Assert.Equal("250 2.0.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal(".leading dot\r\n..\r\n", (await server.Handler.NextMessageAsync()).BodyWithoutTrace);
    }

    [Fact]
    public async Task End_of_data_and_dot_stuffing_split_across_writes_are_recognised()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await ReadyForDataAsync(server);

        foreach (char c in "Subject: split\r\n\r\n..stuffed\r\nend\r\n.\r\n")
        {
            await client.SendAsync(c.ToString());
        }

        Assert.Equal("250 2.0.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal("Subject: split\r\n\r\n.stuffed\r\nend\r\n", (await server.Handler.NextMessageAsync()).BodyWithoutTrace);
    }

    [Fact]
    public async Task Empty_message_is_accepted()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await ReadyForDataAsync(server);

        Assert.Equal("250 2.0.0", (await client.CommandAsync(".")).Status);
        Assert.Equal(string.Empty, (await server.Handler.NextMessageAsync()).BodyWithoutTrace);
    }

    [Theory]
    [InlineData("\n.\n")]
    [InlineData("\r\n.\n")]
    [InlineData("\n.\r\n")]
    [InlineData("\r.\r\n")]
    public async Task Smuggled_end_of_data_does_not_end_the_message_and_the_message_is_refused(string fakeEnd)
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await ReadyForDataAsync(server);

        // If the fake end were honoured, the smuggled MAIL/RCPT/DATA would start a second, forged message.
        await client.SendAsync($"Subject: first\r\n\r\nhello{fakeEnd}MAIL FROM:<admin@victim.example>\r\nRCPT TO:<x@example.org>\r\nDATA\r\nSubject: forged\r\n\r\n.\r\n");

        Assert.Equal("550 5.6.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal("250 2.0.0 Ok", (await client.CommandAsync("NOOP")).Lines.Single());
        Assert.Empty(server.Handler.Committed);
        Assert.Equal(1, server.Handler.Discards);
    }

    [Theory]
    [InlineData("line one\nline two\r\n")]
    [InlineData("line one\rline two\r\n")]
    public async Task Bare_line_endings_are_refused(string body)
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await ReadyForDataAsync(server);

        Assert.Equal("550 5.6.0", (await client.CommandAsync(body + ".")).Status);
        Assert.Empty(server.Handler.Committed);
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);
    }

    [Fact]
    public async Task Oversized_message_is_read_to_its_end_then_refused_and_the_session_goes_on()
    {
        RecordingHandler handler = new() { Policy = _ => new SmtpSessionPolicy { MaxMessageSizeBytes = 1024 } };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using RawSmtpClient client = await ReadyForDataAsync(server);

        StringBuilder body = new();
        for (int i = 0; i < 100; i++)
        {
            body.Append("0123456789012345678901234567890123456789012345678\r\n");
        }

        Assert.Equal("552 5.3.4", (await client.CommandAsync(body + ".")).Status);
        Assert.Equal(1, handler.Discards);
        Assert.Empty(handler.Committed);
        Assert.Equal("250 2.0.0", (await client.CommandAsync("NOOP")).Status);
    }

    [Fact]
    public async Task Message_exactly_at_the_limit_is_accepted()
    {
        RecordingHandler handler = new() { Policy = _ => new SmtpSessionPolicy { MaxMessageSizeBytes = 12 } };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using RawSmtpClient client = await ReadyForDataAsync(server);

        Assert.Equal("250 2.0.0", (await client.CommandAsync("0123456789\r\n.")).Status);
    }

    [Fact]
    public async Task Large_message_streams_through_intact()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await ReadyForDataAsync(server);
        StringBuilder body = new();
        for (int i = 0; i < 40000; i++)
        {
            body.Append(i % 7 == 0 ? "." : string.Empty).Append("line ").Append(i).Append(" of a message that is larger than any pipe buffer\r\n");
        }

        string sent = body.ToString();
        Assert.Equal("250 2.0.0", (await client.CommandAsync(sent.Replace("\r\n.", "\r\n..", StringComparison.Ordinal).Insert(0, sent.StartsWith('.') ? "." : string.Empty) + ".")).Status);

        Assert.Equal(sent, (await server.Handler.NextMessageAsync()).BodyWithoutTrace);
    }

    [Fact]
    public async Task Overlong_data_line_is_refused_when_a_limit_is_configured()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(o => o.MaxDataLineLength = 1000);
        await using RawSmtpClient client = await ReadyForDataAsync(server);

        Assert.Equal("500 5.5.2", (await client.CommandAsync(new string('a', 999) + "\r\n.")).Status);

        await client.CommandAsync("MAIL FROM:<a@example.com>");
        await client.CommandAsync("RCPT TO:<b@example.org>");
        await client.CommandAsync("DATA");
        Assert.Equal("250 2.0.0", (await client.CommandAsync(new string('a', 998) + "\r\n.")).Status);
    }

    [Fact]
    public async Task Long_data_lines_are_accepted_by_default()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await ReadyForDataAsync(server);

        Assert.Equal("250 2.0.0", (await client.CommandAsync(new string('a', 100_000) + "\r\n.")).Status);
        Assert.Equal(100_002, (await server.Handler.NextMessageAsync()).BodyWithoutTrace.Length);
    }

    [Fact]
    public async Task Commit_failure_gives_451_and_discards()
    {
        RecordingHandler handler = new() { FailCommit = true };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using RawSmtpClient client = await ReadyForDataAsync(server);

        Assert.Equal("451 4.3.0", (await client.CommandAsync("Subject: x\r\n\r\n.")).Status);
        Assert.Equal(1, handler.Discards);
        Assert.Equal("250 2.0.0", (await client.CommandAsync("NOOP")).Status);
    }

    [Fact]
    public async Task Stream_failure_gives_451_and_discards()
    {
        RecordingHandler handler = new() { FailWrites = true };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using RawSmtpClient client = await ReadyForDataAsync(server);

        Assert.Equal("451 4.3.0", (await client.CommandAsync("Subject: x\r\n\r\nbody\r\n.")).Status);
        Assert.Equal(1, handler.Discards);
        Assert.Empty(handler.Committed);
    }

    [Fact]
    public async Task Failure_to_open_a_sink_gives_451_instead_of_354()
    {
        RecordingHandler handler = new() { FailOpenMessage = true };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using RawSmtpClient client = await server.ConnectReadyAsync();
        await client.CommandAsync("MAIL FROM:<a@example.com>");
        await client.CommandAsync("RCPT TO:<b@example.org>");

        Assert.Equal("451 4.3.0", (await client.CommandAsync("DATA")).Status);
        Assert.Equal("503 5.5.1", (await client.CommandAsync("RCPT TO:<b@example.org>")).Status);
    }

    [Fact]
    public async Task Client_hanging_up_mid_message_discards_it()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        RawSmtpClient client = await ReadyForDataAsync(server);

        await client.SendAsync("Subject: x\r\n\r\npartial");
        await client.DisposeAsync();

        await Wait.UntilAsync(() => server.Handler.Discards == 1, "the partial message is discarded");
        Assert.Empty(server.Handler.Committed);
    }

    [Fact]
    public async Task Smtputf8_message_is_flagged_in_the_envelope_and_trace()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<jörg@bücher.example> SMTPUTF8")).Status);
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<ünïcode@example.org>")).Status);
        await client.CommandAsync("DATA");

        Assert.Equal("250 2.0.0", (await client.CommandAsync("Subject: grüße\r\n\r\n.")).Status);

        ReceivedMessage message = await server.Handler.NextMessageAsync();
        Assert.True(message.Envelope.SmtpUtf8);
        Assert.Equal("jörg@bücher.example", message.Envelope.MailFrom);
        Assert.Contains("with UTF8SMTP id", message.Text);
        Assert.Equal("Subject: grüße\r\n\r\n", message.BodyWithoutTrace);
    }

    [Fact]
    public async Task Several_messages_in_one_session()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();
        for (int i = 0; i < 3; i++)
        {
            await client.CommandAsync("MAIL FROM:<a@example.com>");
            await client.CommandAsync("RCPT TO:<b@example.org>");
            await client.CommandAsync("DATA");
            Assert.Equal("250 2.0.0", (await client.CommandAsync($"Subject: {i}\r\n\r\n.")).Status);
        }

        Assert.Equal(3, server.Handler.Committed.Count);
        Assert.Equal(3, server.Handler.Committed.Select(m => m.QueueId).Distinct().Count());
    }
}
