using System.Diagnostics;
using System.Text;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;
using MailManager.Data.Messages;
using MailManager.Delivery.Mailbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Tests.Mailbox;

/// <summary>LMTP delivery into a real Dovecot, and against a scripted server for what Dovecot will not do on request.</summary>
public sealed class LmtpDelivererTests
{
    private const string Sender = "sender@example.com";

    [Fact]
    public async Task Delivers_over_tcp_into_the_users_maildir_unchanged_below_dovecots_trace_headers()
    {
        await using var dovecot = await DovecotServer.StartAsync();
        var content = SampleMessage.Create();

        var outcomes = await DeliverAsync(Tcp(dovecot), Sender, [DovecotServer.Alice], content);

        var outcome = Assert.Single(outcomes);
        Assert.Equal(DeliveryOutcome.Delivered, outcome.Outcome);
        Assert.Equal([DovecotServer.Alice], outcome.Recipients);
        Assert.StartsWith("250 2.0.0 <alice@example.com> ", outcome.Reply);
        Assert.EndsWith(" Saved", outcome.Reply);
        var stored = Assert.Single(await dovecot.WaitForMessagesAsync(DovecotServer.Alice, 1));
        AssertStoredAs(content, Sender, stored, dovecot);
        Assert.Empty(dovecot.Messages(DovecotServer.Bob));
    }

    [Fact]
    public async Task Delivers_over_the_unix_socket_with_one_reply_per_recipient()
    {
        await using var dovecot = await DovecotServer.StartAsync();
        var content = SampleMessage.Create();

        var outcomes = await DeliverAsync(LmtpServer.UnixSocket(dovecot.SocketPath), "", [DovecotServer.Alice, DovecotServer.Bob], content);

        // Dovecot names each recipient in its reply after DATA, so each gets its own outcome.
        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(DeliveryOutcome.Delivered, o.Outcome));
        Assert.Equal([DovecotServer.Alice], outcomes[0].Recipients);
        Assert.StartsWith("250 2.0.0 <alice@example.com> ", outcomes[0].Reply);
        Assert.Equal([DovecotServer.Bob], outcomes[1].Recipients);
        Assert.StartsWith("250 2.0.0 <bob@example.com> ", outcomes[1].Reply);
        AssertStoredAs(content, "", Assert.Single(dovecot.Messages(DovecotServer.Alice)), dovecot);
        AssertStoredAs(content, "", Assert.Single(dovecot.Messages(DovecotServer.Bob)), dovecot);
    }

    [Fact]
    public async Task An_unknown_user_fails_for_good_with_dovecots_reply_while_the_known_one_is_delivered()
    {
        await using var dovecot = await DovecotServer.StartAsync();

        var outcomes = await DeliverAsync(Tcp(dovecot), Sender, ["nobody@example.com", DovecotServer.Alice], SampleMessage.Create());

        var refused = Assert.Single(outcomes, o => o.Outcome == DeliveryOutcome.PermanentFailure);
        Assert.Equal(["nobody@example.com"], refused.Recipients);
        Assert.Equal("550 5.1.1 <nobody@example.com> User doesn't exist: nobody@example.com", refused.Reply);
        var delivered = Assert.Single(outcomes, o => o.Outcome == DeliveryOutcome.Delivered);
        Assert.Equal([DovecotServer.Alice], delivered.Recipients);
        Assert.Single(dovecot.Messages(DovecotServer.Alice));
    }

    [Fact]
    public async Task A_one_megabyte_message_with_an_8bit_attachment_arrives_intact()
    {
        await using var dovecot = await DovecotServer.StartAsync();
        var content = WithAttachment(TestMessages.Content(1024 * 1024, seed: 11));

        var outcomes = await DeliverAsync(Tcp(dovecot), Sender, [DovecotServer.Bob], content);

        Assert.Equal(DeliveryOutcome.Delivered, Assert.Single(outcomes).Outcome);
        AssertStoredAs(content, Sender, Assert.Single(dovecot.Messages(DovecotServer.Bob)), dovecot);
    }

    [Fact]
    public async Task Lines_starting_with_a_dot_survive_even_a_lone_dot_and_one_across_a_write_boundary()
    {
        await using var dovecot = await DovecotServer.StartAsync();
        var content = DotLines();

        var outcomes = await DeliverAsync(Tcp(dovecot), Sender, [DovecotServer.Alice], content);

        Assert.Equal(DeliveryOutcome.Delivered, Assert.Single(outcomes).Outcome);
        AssertStoredAs(content, Sender, Assert.Single(dovecot.Messages(DovecotServer.Alice)), dovecot);
    }

    [Fact]
    public async Task A_server_that_is_not_listening_is_a_temporary_failure_at_once()
    {
        var port = FreePort.Next();
        var stopwatch = Stopwatch.StartNew();

        var outcomes = await DeliverAsync(LmtpServer.Tcp("127.0.0.1", port), Sender, [DovecotServer.Alice, DovecotServer.Bob], SampleMessage.Create());

        stopwatch.Stop();
        var outcome = Assert.Single(outcomes);
        Assert.Equal(DeliveryOutcome.TemporaryFailure, outcome.Outcome);
        Assert.Equal([DovecotServer.Alice, DovecotServer.Bob], outcome.Recipients);
        Assert.Equal($"Connection refused by 127.0.0.1:{port}", outcome.Reply);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_missing_unix_socket_is_a_temporary_failure_naming_it()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "lmtp");

        var outcome = Assert.Single(await DeliverAsync(LmtpServer.UnixSocket(path), Sender, [DovecotServer.Alice], SampleMessage.Create()));

        Assert.Equal(DeliveryOutcome.TemporaryFailure, outcome.Outcome);
        Assert.Equal($"The socket {path} does not exist", outcome.Reply);
    }

    [Fact]
    public async Task Each_reply_after_data_decides_its_own_recipient()
    {
        await using var server = ScriptedLmtpServer.Start(afterData: ["452 4.2.2 <a@example.org> Mailbox is full", "250 2.0.0 <b@example.org> Saved"]);

        var outcomes = await DeliverAsync(LmtpServer.Tcp("127.0.0.1", server.Port), Sender, ["a@example.org", "b@example.org"], SampleMessage.Create());

        Assert.Equal(
            [
                new MessageProcessingOutcome(["a@example.org"], DeliveryOutcome.TemporaryFailure, "452 4.2.2 <a@example.org> Mailbox is full"),
                new MessageProcessingOutcome(["b@example.org"], DeliveryOutcome.Delivered, "250 2.0.0 <b@example.org> Saved"),
            ],
            outcomes, OutcomeComparer.Instance);
        var session = await server.SessionAsync();
        Assert.Equal("LHLO gateway.test", session.Commands[0]);
        Assert.Equal(["RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA", "QUIT"], session.Commands.TakeLast(4));
    }

    [Fact]
    public async Task A_refused_recipient_keeps_its_own_reply_and_gets_no_reply_after_data()
    {
        await using var server = ScriptedLmtpServer.Start(
            rcpt: address => address == "b@example.org" ? "450 4.2.1 <b@example.org> Try later" : "250 2.1.5 OK",
            afterData: ["250 2.0.0 <a@example.org> Saved", "250 2.0.0 <c@example.org> Saved"]);

        var outcomes = await DeliverAsync(LmtpServer.Tcp("127.0.0.1", server.Port), Sender, ["a@example.org", "b@example.org", "c@example.org"], SampleMessage.Create());

        Assert.Equal(
            [
                new MessageProcessingOutcome(["a@example.org"], DeliveryOutcome.Delivered, "250 2.0.0 <a@example.org> Saved"),
                new MessageProcessingOutcome(["b@example.org"], DeliveryOutcome.TemporaryFailure, "450 4.2.1 <b@example.org> Try later"),
                new MessageProcessingOutcome(["c@example.org"], DeliveryOutcome.Delivered, "250 2.0.0 <c@example.org> Saved"),
            ],
            outcomes, OutcomeComparer.Instance);
        Assert.Equal("QUIT", (await server.SessionAsync()).Commands[^1]);
    }

    [Fact]
    public async Task Sends_the_content_dot_stuffed_in_large_writes_with_body_8bitmime_when_offered()
    {
        // Larger than one write, so lines and dots cross the boundaries of the 64 KB chunks.
        var content = TestMessages.Content(300_000, seed: 5);
        await using var server = ScriptedLmtpServer.Start(afterData: ["250 2.0.0 Saved"]);

        var outcome = Assert.Single(await DeliverAsync(LmtpServer.Tcp("127.0.0.1", server.Port), "", ["a@example.org"], content));

        Assert.Equal(DeliveryOutcome.Delivered, outcome.Outcome);
        var session = await server.SessionAsync();
        Assert.Equal("MAIL FROM:<> BODY=8BITMIME", session.Commands[1]);
        Assert.Equal(TestMessages.Wire(content), session.Data);
        // Chunks of 64 KB: a handful of reads on the server's side, never one per line.
        Assert.True(session.DataReads < 100, $"{session.DataReads} reads for {content.Length} octets");
    }

    [Fact]
    public async Task Seven_bit_content_goes_without_a_body_parameter_and_a_missing_final_line_break_is_added()
    {
        var content = Encoding.ASCII.GetBytes("Subject: plain\r\n\r\n.starts with a dot\r\nno final line break");
        await using var server = ScriptedLmtpServer.Start(afterData: ["250 2.0.0 Saved"]);

        var outcome = Assert.Single(await DeliverAsync(LmtpServer.Tcp("127.0.0.1", server.Port), Sender, ["a@example.org"], content));

        Assert.Equal(DeliveryOutcome.Delivered, outcome.Outcome);
        var session = await server.SessionAsync();
        Assert.Equal($"MAIL FROM:<{Sender}>", session.Commands[1]);
        Assert.Equal("Subject: plain\r\n\r\n..starts with a dot\r\nno final line break\r\n.\r\n"u8.ToArray(), session.Data);
    }

    [Fact]
    public async Task Utf8_addresses_are_sent_with_smtputf8_when_offered_and_fail_for_good_when_not()
    {
        var content = SampleMessage.Create();
        await using (var offering = ScriptedLmtpServer.Start(afterData: ["250 2.0.0 Saved"], extensions: ["8BITMIME", "SMTPUTF8"]))
        {
            var outcome = Assert.Single(await DeliverAsync(LmtpServer.Tcp("127.0.0.1", offering.Port), Sender, ["josé@example.org"], content));
            Assert.Equal(DeliveryOutcome.Delivered, outcome.Outcome);
            var session = await offering.SessionAsync();
            Assert.Equal($"MAIL FROM:<{Sender}> BODY=8BITMIME SMTPUTF8", session.Commands[1]);
            Assert.Equal("RCPT TO:<josé@example.org>", session.Commands[2]);
        }

        await using var plain = ScriptedLmtpServer.Start(afterData: ["250 2.0.0 Saved"]);
        var outcomes = await DeliverAsync(LmtpServer.Tcp("127.0.0.1", plain.Port), Sender, ["josé@example.org", "a@example.org"], content);
        Assert.Equal(
            [
                new MessageProcessingOutcome(["josé@example.org"], DeliveryOutcome.PermanentFailure, $"The recipient address needs SMTPUTF8, which 127.0.0.1:{plain.Port} does not offer"),
                new MessageProcessingOutcome(["a@example.org"], DeliveryOutcome.Delivered, "250 2.0.0 Saved"),
            ],
            outcomes, OutcomeComparer.Instance);
    }

    [Theory]
    [InlineData("Subject: caf\u00e9\r\n\r\nplain body\r\n", " BODY=8BITMIME SMTPUTF8")]
    [InlineData("Subject: plain\r\n\r\ncaf\u00e9\r\n", " BODY=8BITMIME")]
    [InlineData("Subject: plain\r\n\r\nplain body\r\n", "")]
    public async Task Smtputf8_is_declared_for_utf8_headers_and_8bitmime_for_any_8bit_octet(string message, string parameters)
    {
        await using var server = ScriptedLmtpServer.Start(afterData: ["250 2.0.0 Saved"], extensions: ["8BITMIME", "SMTPUTF8"]);

        var outcome = Assert.Single(await DeliverAsync(LmtpServer.Tcp("127.0.0.1", server.Port), Sender, ["a@example.org"], Encoding.UTF8.GetBytes(message)));

        Assert.Equal(DeliveryOutcome.Delivered, outcome.Outcome);
        Assert.Equal($"MAIL FROM:<{Sender}>{parameters}", (await server.SessionAsync()).Commands[1]);
    }

    [Fact]
    public async Task A_connection_lost_after_data_leaves_the_answered_recipients_their_reply_and_retries_the_others()
    {
        await using var server = ScriptedLmtpServer.Start(afterData: ["250 2.0.0 <a@example.org> Saved"], closeAfterData: true);

        var outcomes = await DeliverAsync(LmtpServer.Tcp("127.0.0.1", server.Port), Sender, ["a@example.org", "b@example.org"], SampleMessage.Create());

        Assert.Equal(
            [
                new MessageProcessingOutcome(["a@example.org"], DeliveryOutcome.Delivered, "250 2.0.0 <a@example.org> Saved"),
                new MessageProcessingOutcome(["b@example.org"], DeliveryOutcome.TemporaryFailure, $"Connection to 127.0.0.1:{server.Port} failed: The server closed the connection."),
            ],
            outcomes, OutcomeComparer.Instance);
    }

    [Fact]
    public async Task A_refused_sender_fails_every_recipient_with_the_reply()
    {
        await using var server = ScriptedLmtpServer.Start(mail: "550 5.7.1 Sender rejected", afterData: []);

        var outcome = Assert.Single(await DeliverAsync(LmtpServer.Tcp("127.0.0.1", server.Port), Sender, ["a@example.org", "b@example.org"], SampleMessage.Create()));

        Assert.Equal(new MessageProcessingOutcome(["a@example.org", "b@example.org"], DeliveryOutcome.PermanentFailure, "550 5.7.1 Sender rejected"), outcome, OutcomeComparer.Instance);
    }

    [Fact]
    public async Task An_smtp_server_that_refuses_lhlo_is_retried_with_its_reply()
    {
        await using var server = ScriptedLmtpServer.Start(lhlo: "500 5.5.2 Error: command not recognized", afterData: []);

        var outcome = Assert.Single(await DeliverAsync(LmtpServer.Tcp("127.0.0.1", server.Port), Sender, ["a@example.org"], SampleMessage.Create()));

        Assert.Equal(DeliveryOutcome.TemporaryFailure, outcome.Outcome);
        Assert.Equal($"127.0.0.1:{server.Port} refused LHLO: 500 5.5.2 Error: command not recognized", outcome.Reply);
    }

    [Fact]
    public async Task A_server_that_never_greets_is_a_temporary_failure_after_the_connect_timeout()
    {
        await using var server = ScriptedLmtpServer.Start(afterData: [], silent: true);
        var stopwatch = Stopwatch.StartNew();

        var outcome = Assert.Single(await DeliverAsync(LmtpServer.Tcp("127.0.0.1", server.Port), Sender, ["a@example.org"], SampleMessage.Create(),
            connectTimeout: TimeSpan.FromMilliseconds(300)));

        Assert.Equal(DeliveryOutcome.TemporaryFailure, outcome.Outcome);
        Assert.Equal($"No connection to 127.0.0.1:{server.Port} within 0.3 seconds", outcome.Reply);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Garbage_instead_of_a_reply_is_a_protocol_error_that_is_retried()
    {
        await using var server = ScriptedLmtpServer.Start(afterData: [], greeting: "SSH-2.0-OpenSSH_9.2");

        var outcome = Assert.Single(await DeliverAsync(LmtpServer.Tcp("127.0.0.1", server.Port), Sender, ["a@example.org"], SampleMessage.Create()));

        Assert.Equal(DeliveryOutcome.TemporaryFailure, outcome.Outcome);
        Assert.Equal($"LMTP protocol error with 127.0.0.1:{server.Port}: the server sent \"SSH-2.0-OpenSSH_9.2\" where a reply was expected", outcome.Reply);
    }

    [Fact]
    public async Task Unwritable_addresses_fail_for_good_without_a_connection()
    {
        var port = FreePort.Next();

        var outcomes = await DeliverAsync(LmtpServer.Tcp("127.0.0.1", port), Sender, ["a@example.org\r\nRSET", ""], SampleMessage.Create());

        var outcome = Assert.Single(outcomes);
        Assert.Equal(new MessageProcessingOutcome(["a@example.org\r\nRSET", ""], DeliveryOutcome.PermanentFailure, "The recipient address cannot be delivered"), outcome, OutcomeComparer.Instance);
    }

    private static LmtpServer Tcp(DovecotServer dovecot) => LmtpServer.Tcp(dovecot.Host, dovecot.Port);

    private static async Task<IReadOnlyList<MessageProcessingOutcome>> DeliverAsync(
        LmtpServer server, string mailFrom, IReadOnlyList<string> recipients, byte[] content, TimeSpan? connectTimeout = null)
    {
        var options = Options.Create(new DeliveryOptions
        {
            HeloName = "gateway.test",
            ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(10),
            CommandTimeout = TimeSpan.FromSeconds(10),
        });
        var deliverer = new LmtpDeliverer(options, NullLogger<LmtpDeliverer>.Instance);
        using var stream = new MemoryStream(content, writable: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await deliverer.DeliverAsync(server, mailFrom, recipients, stream, timeout.Token);
    }

    /// <summary>
    /// Dovecot puts its Return-Path and Received (and for one recipient Delivered-To) above the message and must
    /// change nothing below them.
    /// </summary>
    private static void AssertStoredAs(byte[] content, string mailFrom, byte[] stored, DovecotServer dovecot)
    {
        var prefixLength = stored.Length - content.Length;
        Assert.True(prefixLength > 0, $"Stored {stored.Length} octets for {content.Length}.\n{dovecot.Log}");
        Assert.True(stored.AsSpan(prefixLength).SequenceEqual(content), $"The stored message differs below Dovecot's headers.\n{dovecot.Log}");
        var prefix = Encoding.UTF8.GetString(stored, 0, prefixLength);
        Assert.StartsWith($"Return-Path: <{mailFrom}>\r\n", prefix);
        Assert.EndsWith("\r\n", prefix);
        var names = prefix.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line[0] is not (' ' or '\t'))
            .Select(line => line[..line.IndexOf(':')]);
        Assert.All(names, name => Assert.Contains(name, new[] { "Return-Path", "Received", "Delivered-To" }));
    }

    /// <summary>A multipart message whose attachment is the given 8-bit lines, sent as they are (Content-Transfer-Encoding: 8bit).</summary>
    private static byte[] WithAttachment(byte[] lines)
    {
        using var message = new MemoryStream();
        message.Write(Encoding.ASCII.GetBytes(
            "From: Sender <sender@example.com>\r\n" +
            "To: bob@example.com\r\n" +
            "Subject: The report, attached\r\n" +
            "MIME-Version: 1.0\r\n" +
            "Content-Type: multipart/mixed; boundary=\"b1\"\r\n" +
            "\r\n" +
            "--b1\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n" +
            "\r\n" +
            "See the attachment.\r\n" +
            "--b1\r\n" +
            "Content-Type: application/octet-stream; name=\"report.bin\"\r\n" +
            "Content-Disposition: attachment; filename=\"report.bin\"\r\n" +
            "Content-Transfer-Encoding: 8bit\r\n" +
            "\r\n"));
        message.Write(lines);
        message.Write("--b1--\r\n"u8);
        return message.ToArray();
    }

    /// <summary>Lines that dot-stuffing must protect, one of them starting exactly where the second 64 KB write begins.</summary>
    private static byte[] DotLines()
    {
        var head = "Subject: dots\r\n\r\n.\r\n..\r\n...three\r\n. space\r\n.\r\n"u8.ToArray();
        const int boundary = 64 * 1024;
        var filler = new List<byte>(head);
        while (filler.Count < boundary - 100)
        {
            filler.AddRange("a filler line that is long enough to take up some room in the message\r\n"u8.ToArray());
        }
        var pad = boundary - filler.Count - 2;
        filler.AddRange(Enumerable.Repeat((byte)'x', pad));
        filler.AddRange("\r\n"u8.ToArray());
        Assert.Equal(boundary, filler.Count);
        filler.AddRange(".at the boundary\r\n.\r\nlast line\r\n.\r\n"u8.ToArray());
        return [.. filler];
    }

    /// <summary>Compares outcomes by value, recipients included (the record compares its list by reference).</summary>
    private sealed class OutcomeComparer : IEqualityComparer<MessageProcessingOutcome>
    {
        public static readonly OutcomeComparer Instance = new();

        public bool Equals(MessageProcessingOutcome? x, MessageProcessingOutcome? y) =>
            x is not null && y is not null && x.Outcome == y.Outcome && x.Reply == y.Reply && x.Recipients.SequenceEqual(y.Recipients);

        public int GetHashCode(MessageProcessingOutcome obj) => HashCode.Combine(obj.Outcome, obj.Reply);
    }
}
