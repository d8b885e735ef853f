using System.Text;

using MailManager.Smtp.Tests.Infrastructure;

namespace MailManager.Smtp.Tests;

/// <summary>
/// What a client sends in DATA is what the server stores, whatever the size and however the client cuts its writes,
/// over plaintext and over STARTTLS, on open and authenticated endpoints. Over TLS each client write is a TLS record:
/// records larger than the transport's 4 KiB blocks are what real MTAs, swaks and Python's smtplib send.
/// </summary>
public sealed class DataIntegrityTests
{
    private const int MiB = 1024 * 1024;

    public static TheoryData<SmtpAuthMode, bool, int, WritePattern> Cases()
    {
        TheoryData<SmtpAuthMode, bool, int, WritePattern> cases = [];
        int[] sizes = [1, 4095, 4096, 4097, 16383, 16384, 16385, 65536, MiB, 20 * MiB];
        foreach (SmtpAuthMode mode in new[] { SmtpAuthMode.Open, SmtpAuthMode.Authenticated })
        {
            foreach (bool tls in new[] { false, true })
            {
                foreach (int size in sizes)
                {
                    foreach (WritePattern pattern in Enum.GetValues<WritePattern>())
                    {
                        // One octet per write is how a person types; random small writes of 20 MiB add time, not cases.
                        bool fits = pattern switch
                        {
                            WritePattern.ByteByByte => size <= 4097,
                            WritePattern.RandomSmallChunks => size <= MiB,
                            _ => true,
                        };
                        if (fits)
                        {
                            cases.Add(mode, tls, size, pattern);
                        }
                    }
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_stored_message_is_the_content_sent_octet_for_octet(SmtpAuthMode mode, bool tls, int size, WritePattern pattern)
    {
        await using SmtpTestServer server = await StartAsync(mode, maxMessageSize: null);
        byte[] content = TestMessages.Content(size, seed: size);

        await using RawSmtpClient client = await server.ConnectReadyAsync(tls, login: mode == SmtpAuthMode.Authenticated);
        SmtpTestReply reply = await SendMessageAsync(client, content, pattern, seed: size);

        Assert.Equal("250 2.0.0", reply.Status);
        AssertStored(content, await server.Handler.NextMessageAsync(), tls);
    }

    public static TheoryData<SmtpAuthMode, bool, WritePattern> LimitCases()
    {
        TheoryData<SmtpAuthMode, bool, WritePattern> cases = [];
        foreach (SmtpAuthMode mode in new[] { SmtpAuthMode.Open, SmtpAuthMode.Authenticated })
        {
            foreach (bool tls in new[] { false, true })
            {
                cases.Add(mode, tls, WritePattern.OneWrite);
                cases.Add(mode, tls, WritePattern.Records16K);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(LimitCases))]
    public async Task A_message_of_exactly_the_size_limit_is_stored_and_one_octet_more_gets_552(SmtpAuthMode mode, bool tls, WritePattern pattern)
    {
        const int limit = MiB;
        await using SmtpTestServer server = await StartAsync(mode, maxMessageSize: limit);
        byte[] atLimit = TestMessages.Content(limit, seed: 1);
        byte[] overLimit = TestMessages.Content(limit + 1, seed: 2);
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls, login: mode == SmtpAuthMode.Authenticated);

        Assert.Equal("250 2.0.0", (await SendMessageAsync(client, atLimit, pattern, seed: 1)).Status);
        AssertStored(atLimit, await server.Handler.NextMessageAsync(), tls);

        Assert.Equal("552 5.3.4", (await SendMessageAsync(client, overLimit, pattern, seed: 2)).Status);
        Assert.Single(server.Handler.Committed);
        Assert.Equal(1, server.Handler.Discards);

        // The session goes on: the refused body was read to its end, not left to be taken for commands.
        Assert.Equal("250 2.0.0", (await client.CommandAsync("NOOP")).Status);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task The_end_of_data_split_between_two_tls_records_ends_the_message(int split)
    {
        await using SmtpTestServer server = await StartAsync(SmtpAuthMode.Open, maxMessageSize: null);
        byte[] content = TestMessages.Content(4097, seed: split);
        byte[] wire = TestMessages.Wire(content);
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);
        await StartMessageAsync(client);

        // CRLF.CRLF is the last five octets; the first record ends "split" octets into it.
        int cut = wire.Length - 5 + split;
        await client.SendPiecesAsync([wire.AsMemory(0, cut), wire.AsMemory(cut)]);

        Assert.Equal("250 2.0.0", (await client.ReadReplyAsync()).Status);
        AssertStored(content, await server.Handler.NextMessageAsync(), tls: true);
    }

    [Fact]
    public async Task Pipelined_transactions_after_starttls_get_their_replies_in_order()
    {
        await using SmtpTestServer server = await StartAsync(SmtpAuthMode.Open, maxMessageSize: null);
        byte[] first = TestMessages.Content(64 * 1024, seed: 7);
        byte[] second = TestMessages.Content(20_000, seed: 8);
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);

        await client.SendAsync("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\nDATA\r\n");
        Assert.Equal("250 2.1.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal("250 2.1.5", (await client.ReadReplyAsync()).Status);
        Assert.Equal("250 2.1.5", (await client.ReadReplyAsync()).Status);
        Assert.Equal(354, (await client.ReadReplyAsync()).Code);

        // The body, its end and the next transaction's commands in one write, as RFC 2920 allows.
        await client.SendBytesAsync(Concat(TestMessages.Wire(first), "MAIL FROM:<d@example.com>\r\nRCPT TO:<e@example.org>\r\nDATA\r\n"u8));
        Assert.Equal("250 2.0.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal("250 2.1.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal("250 2.1.5", (await client.ReadReplyAsync()).Status);
        Assert.Equal(354, (await client.ReadReplyAsync()).Code);

        await client.SendBytesAsync(Concat(TestMessages.Wire(second), "QUIT\r\n"u8));
        Assert.Equal("250 2.0.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal("221 2.0.0", (await client.ReadReplyAsync()).Status);

        ReceivedMessage firstStored = await server.Handler.NextMessageAsync();
        Assert.Equal(["b@example.org", "c@example.org"], firstStored.Envelope.Recipients);
        AssertStored(first, firstStored, tls: true);
        ReceivedMessage secondStored = await server.Handler.NextMessageAsync();
        Assert.Equal(["e@example.org"], secondStored.Envelope.Recipients);
        AssertStored(second, secondStored, tls: true);
    }

    [Fact]
    public async Task Commands_injected_after_starttls_never_run_even_when_they_exceed_a_transport_block()
    {
        await using SmtpTestServer server = await StartAsync(SmtpAuthMode.Open, maxMessageSize: null);
        await using RawSmtpClient client = await server.ConnectReadyAsync();
        StringBuilder injected = new("STARTTLS\r\nMAIL FROM:<attacker@evil.example>\r\n");
        while (injected.Length < 6000)
        {
            injected.Append("RCPT TO:<victim@example.org>\r\n");
        }

        await client.SendAsync(injected.Append("DATA\r\n").ToString());
        Assert.Equal("220 2.0.0", (await client.ReadReplyAsync()).Status);

        // Whatever of the injection reached the server after the 220 is not a ClientHello: the handshake may fail,
        // but if TLS comes up, no transaction exists.
        bool tlsUp;
        try
        {
            await client.HandshakeAsync();
            tlsUp = true;
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            tlsUp = false;
        }

        if (tlsUp)
        {
            await client.EhloAsync();
            Assert.Equal("503 5.5.1", (await client.CommandAsync("RCPT TO:<victim@example.org>")).Status);
        }

        Assert.Empty(server.Handler.Committed);
    }

    private static byte[] Concat(byte[] first, ReadOnlySpan<byte> second) => [.. first, .. second];

    private static Task<SmtpTestServer> StartAsync(SmtpAuthMode mode, long? maxMessageSize)
    {
        RecordingHandler handler = new()
        {
            Policy = _ => new SmtpSessionPolicy { MaxMessageSizeBytes = maxMessageSize },
        };

        // Authenticated endpoints offer AUTH before TLS only when configured to: the plaintext cases need that.
        return SmtpTestServer.StartAsync(options => options.AllowPlaintextAuth = true, mode, handler: handler);
    }

    private static async Task StartMessageAsync(RawSmtpClient client)
    {
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<rcpt@example.com>")).Status);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
    }

    private static async Task<SmtpTestReply> SendMessageAsync(RawSmtpClient client, byte[] content, WritePattern pattern, int seed)
    {
        await StartMessageAsync(client);
        await client.SendPiecesAsync(WritePatterns.Cut(TestMessages.Wire(content), pattern, seed));
        return await client.ReadReplyAsync();
    }

    private static void AssertStored(byte[] content, ReceivedMessage stored, bool tls)
    {
        (string received, byte[] message) = StoredMessage.SplitReceived(stored.Content);
        byte[] expected = TestMessages.Stored(content);
        Assert.True(expected.AsSpan().SequenceEqual(message), StoredMessage.Difference(expected, message));
        Assert.Equal(tls, received.Contains("TLSv1.", StringComparison.Ordinal));
        Assert.Equal(expected.Length + received.Length, stored.Envelope.SizeBytes);
    }
}
