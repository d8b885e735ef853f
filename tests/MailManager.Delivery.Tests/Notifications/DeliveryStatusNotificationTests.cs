using System.Text;
using System.Text.Json;
using MailManager.Core.Messages;
using MailManager.Delivery.Notifications;
using MailManager.Delivery.Relays;
using MailManager.Delivery.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MailManager.Delivery.Tests.Notifications;

public sealed class DeliveryStatusNotificationTests
{
    private static readonly DateTimeOffset Arrived = new(2026, 11, 30, 8, 15, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Arrived.AddHours(2);

    private const string OriginalHeaders =
        "Received: from client.example ([192.0.2.7]) by gw.example.com\r\n" +
        "\twith ESMTP id msg-42; Mon, 30 Nov 2026 08:15:00 +0000\r\n" +
        "Message-ID: <original-1@client.example>\r\n" +
        "From: Alice <alice@example.org>\r\n" +
        "To: bob@example.com, carol@example.net\r\n" +
        "Subject: =?UTF-8?Q?Quarterly_r=C3=A9sum=C3=A9?=\r\n" +
        "Date: Mon, 30 Nov 2026 08:14:58 +0000";

    private static DsnRequest TwoRecipients() => new(
        "gw.example.com", "MAILER-DAEMON@gw.example.com", "alice@example.org", "msg-42", Arrived, OriginalHeaders,
        [
            DsnRecipient.FromDeliveryFailure("bob@example.com", "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown", permanent: true)
                with { RemoteMta = "mx.example.com", LastAttemptDate = Now.AddMinutes(-1) },
            DsnRecipient.FromDeliveryFailure("carol@example.net", "Connection refused by mx.example.net:25", permanent: true)
                with { LastAttemptDate = Now.AddMinutes(-2) },
        ]);

    private static async Task<byte[]> BytesOf(DsnRequest request)
    {
        using var stream = await DeliveryStatusNotification.ToStreamAsync(DeliveryStatusNotification.Create(request, Now), CancellationToken.None);
        return stream.ToArray();
    }

    private static MimeMessage Parse(byte[] bytes) => MimeMessage.Load(new MemoryStream(bytes));

    private static MultipartReport ReportOf(byte[] bytes) => Assert.IsType<MultipartReport>(Parse(bytes).Body);

    [Fact]
    public async Task Is_a_delivery_status_report_with_the_three_parts_in_order()
    {
        var parsed = Parse(await BytesOf(TwoRecipients()));

        var report = Assert.IsType<MultipartReport>(parsed.Body);
        Assert.Equal("delivery-status", report.ReportType);
        Assert.Equal(3, report.Count);
        Assert.Equal("text/plain", report[0].ContentType.MimeType);
        Assert.IsType<MessageDeliveryStatus>(report[1]);
        Assert.Equal("text/rfc822-headers", report[2].ContentType.MimeType);
    }

    [Fact]
    public async Task Carries_the_header_fields_of_an_automatic_reply_to_the_original()
    {
        var parsed = Parse(await BytesOf(TwoRecipients()));

        Assert.Equal("MAILER-DAEMON@gw.example.com", Assert.Single(parsed.From.Mailboxes).Address);
        Assert.Equal(DeliveryStatusNotification.SenderName, parsed.From.Mailboxes.Single().Name);
        Assert.Equal("alice@example.org", Assert.Single(parsed.To.Mailboxes).Address);
        Assert.Equal("Undelivered Mail Returned to Sender", parsed.Subject);
        Assert.Equal(Now, parsed.Date);
        Assert.EndsWith("@gw.example.com", parsed.MessageId);
        Assert.Equal("auto-replied", parsed.Headers["Auto-Submitted"]);
        Assert.Equal("original-1@client.example", parsed.InReplyTo);
        Assert.Equal(["original-1@client.example"], parsed.References);
        // The gateway's own guard (and any MTA's) refuses to answer it, so two gateways cannot bounce forever.
        var headers = Encoding.ASCII.GetString(await BytesOf(TwoRecipients())).Split("\r\n\r\n")[0];
        Assert.NotNull(BounceGuard.WhyNot("someone@example.org", headers));
    }

    [Fact]
    public async Task Reports_each_recipient_with_its_status_diagnostic_and_remote_server()
    {
        var status = (MessageDeliveryStatus)(ReportOf(await BytesOf(TwoRecipients())))[1];

        Assert.Equal(3, status.StatusGroups.Count);
        var perMessage = status.StatusGroups[0];
        Assert.Equal("dns; gw.example.com", perMessage["Reporting-MTA"]);
        Assert.Equal("msg-42", perMessage["X-MailManager-Message-Id"]);
        Assert.Equal("Mon, 30 Nov 2026 08:15:00 +0000", perMessage["Arrival-Date"]);

        var bob = status.StatusGroups[1];
        Assert.Equal("rfc822; bob@example.com", bob["Final-Recipient"]);
        Assert.Equal("failed", bob["Action"]);
        Assert.Equal("5.1.1", bob["Status"]);
        Assert.Equal("dns; mx.example.com", bob["Remote-MTA"]);
        Assert.Equal("smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown", Unfold(bob["Diagnostic-Code"]));
        Assert.Equal("Mon, 30 Nov 2026 10:14:00 +0000", bob["Last-Attempt-Date"]);

        var carol = status.StatusGroups[2];
        Assert.Equal("rfc822; carol@example.net", carol["Final-Recipient"]);
        Assert.Equal("failed", carol["Action"]);
        Assert.Equal("5.4.1", carol["Status"]);
        Assert.Null(carol["Remote-MTA"]);
        Assert.Equal("X-MailManager; Connection refused by mx.example.net:25", Unfold(carol["Diagnostic-Code"]));
    }

    [Fact]
    public async Task Explains_the_failure_to_a_person_and_returns_the_original_headers()
    {
        var report = ReportOf(await BytesOf(TwoRecipients()));

        var human = ((TextPart)report[0]).Text;
        Assert.StartsWith("This is the mail system at host gw.example.com.", human);
        Assert.Contains("I'm sorry to have to inform you that your message could not", human);
        Assert.Contains("Subject: Quarterly résumé", human);
        Assert.Contains("Arrival date: Mon, 30 Nov 2026 08:15:00 +0000", human);
        Assert.Contains("<bob@example.com>: host mx.example.com said: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown", human);
        Assert.Contains("<carol@example.net>: Connection refused by mx.example.net:25", human);

        var returned = Assert.IsType<TextRfc822Headers>(report[2]).Message;
        Assert.NotNull(returned);
        Assert.Equal("original-1@client.example", returned.MessageId);
        Assert.Equal(["Received", "Message-ID", "From", "To", "Subject", "Date"], returned.Headers.Select(h => h.Field));
        // Returned byte for byte, folding included.
        Assert.Contains("\r\n\r\n" + OriginalHeaders + "\r\n\r\n--", Encoding.ASCII.GetString(await BytesOf(TwoRecipients())));
    }

    [Fact]
    public async Task A_bounce_action_gives_its_own_codes_diagnostic_and_message()
    {
        var request = TwoRecipients() with
        {
            Recipients = [new DsnRecipient("bob@example.com", "5.7.1", 554, "Delivery not authorized, message refused")],
            HumanMessage = "Your message to our help desk was refused.\nPlease use the web form instead.",
        };

        var report = ReportOf(await BytesOf(request));

        var human = ((TextPart)report[0]).Text;
        Assert.Contains("Your message to our help desk was refused.\r\nPlease use the web form instead.", human.ReplaceLineEndings("\r\n"));
        Assert.DoesNotContain("I'm sorry", human);
        var bob = Assert.Single(((MessageDeliveryStatus)report[1]).StatusGroups.Skip(1));
        Assert.Equal("5.7.1", bob["Status"]);
        Assert.Equal("smtp; 554 5.7.1 Delivery not authorized, message refused", bob["Diagnostic-Code"]);
    }

    [Fact]
    public async Task A_delay_warning_says_so_and_when_retries_end()
    {
        var until = Arrived.AddDays(1);
        var request = TwoRecipients() with
        {
            Action = DsnAction.Delayed,
            Recipients = [DsnRecipient.FromDeliveryFailure("bob@example.com", "451 4.7.1 Greylisted", permanent: false) with { WillRetryUntil = until }],
        };

        var parsed = Parse(await BytesOf(request));

        Assert.Equal("Delayed Mail (still being retried)", parsed.Subject);
        var bob = ((MessageDeliveryStatus)Assert.IsType<MultipartReport>(parsed.Body)[1]).StatusGroups[1];
        Assert.Equal("delayed", bob["Action"]);
        Assert.Equal("4.7.1", bob["Status"]);
        Assert.Equal("Tue, 01 Dec 2026 08:15:00 +0000", bob["Will-Retry-Until"]);
        Assert.Contains("THIS IS A WARNING ONLY", ((TextPart)Assert.IsType<MultipartReport>(parsed.Body)[0]).Text);
    }

    [Fact]
    public async Task Stays_seven_bit_with_crlf_line_ends_and_printable_diagnostics()
    {
        var longText = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"word{i}"));
        var request = TwoRecipients() with
        {
            OriginalHeaders = OriginalHeaders + "\r\nX-Note: caf\u00e9 ünïcode raw header",
            Recipients =
            [
                DsnRecipient.FromDeliveryFailure("bob@example.com", "550 5.1.1 Ünknown\r\n user\u0007 here", permanent: true),
                DsnRecipient.FromDeliveryFailure("carol@example.net", "550 5.2.2 " + longText, permanent: true),
            ],
        };

        var bytes = await BytesOf(request);

        Assert.All(bytes, b => Assert.True(b < 0x80, $"byte {b:X2} is not 7-bit"));
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
            {
                Assert.True(i > 0 && bytes[i - 1] == '\r', $"bare LF at offset {i}");
            }
        }
        Assert.All(Encoding.ASCII.GetString(bytes).Split("\r\n"), line => Assert.True(line.Length <= 998));
        var report = ReportOf(bytes);
        var groups = ((MessageDeliveryStatus)report[1]).StatusGroups;
        Assert.Equal(@"smtp; 550 5.1.1 \x{DC}nknown user  here", Unfold(groups[1]["Diagnostic-Code"]));
        Assert.Equal("smtp; 550 5.2.2 " + longText, Unfold(groups[2]["Diagnostic-Code"]));
        var returned = new MemoryStream();
        await Assert.IsType<MimePart>(report[2], exactMatch: false).Content!.DecodeToAsync(returned);
        Assert.Contains("X-Note: caf\u00e9 ünïcode raw header", Encoding.UTF8.GetString(returned.ToArray()));
    }

    [Fact]
    public void Refuses_a_request_without_recipients_or_with_an_unwritable_address()
    {
        Assert.Throws<ArgumentException>(() => DeliveryStatusNotification.Create(TwoRecipients() with { Recipients = [] }, Now));
        Assert.Throws<ArgumentException>(() => DeliveryStatusNotification.Create(TwoRecipients() with { To = "not an address <" }, Now));
    }

    [Fact]
    public async Task Parses_with_pythons_email_package_as_well()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "dsn.eml");
        await File.WriteAllBytesAsync(path, await BytesOf(TwoRecipients()));
        const string script = """
            import email, json, sys
            msg = email.message_from_bytes(open(sys.argv[1], 'rb').read())
            parts = msg.get_payload()
            status = parts[1].get_payload()
            print(json.dumps({
                'type': msg.get_content_type(),
                'reportType': msg.get_param('report-type'),
                'autoSubmitted': msg['Auto-Submitted'],
                'parts': [p.get_content_type() for p in parts],
                'perMessage': {k: str(v) for k, v in status[0].items()},
                'recipients': [{k: ' '.join(str(v).split()) for k, v in g.items()} for g in status[1:]],
                'defects': [str(d) for p in msg.walk() for d in p.defects],
            }))
            """;

        var result = await ExternalProcess.RunAsync("python3", ["-c", script, path], TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.All);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("multipart/report", root.GetProperty("type").GetString());
        Assert.Equal("delivery-status", root.GetProperty("reportType").GetString());
        Assert.Equal("auto-replied", root.GetProperty("autoSubmitted").GetString());
        Assert.Equal(["text/plain", "message/delivery-status", "text/rfc822-headers"], root.GetProperty("parts").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("dns; gw.example.com", root.GetProperty("perMessage").GetProperty("Reporting-MTA").GetString());
        Assert.Empty(root.GetProperty("defects").EnumerateArray());
        var recipients = root.GetProperty("recipients").EnumerateArray().ToList();
        Assert.Equal(2, recipients.Count);
        Assert.Equal("rfc822; bob@example.com", recipients[0].GetProperty("Final-Recipient").GetString());
        Assert.Equal("failed", recipients[0].GetProperty("Action").GetString());
        Assert.Equal("5.1.1", recipients[0].GetProperty("Status").GetString());
        Assert.Equal("smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown", recipients[0].GetProperty("Diagnostic-Code").GetString());
        Assert.Equal("rfc822; carol@example.net", recipients[1].GetProperty("Final-Recipient").GetString());
        Assert.Equal("5.4.1", recipients[1].GetProperty("Status").GetString());
    }

    [Fact]
    public async Task Is_sent_through_a_relay_from_the_null_sender()
    {
        await using var sink = SmtpSink.Start();
        var options = Options.Create(new DeliveryOptions { HeloName = "gw.example.com" });
        await using var deliverer = new RelayDeliverer(options, new RelayClients(options), TimeProvider.System);
        using var content = await DeliveryStatusNotification.ToStreamAsync(DeliveryStatusNotification.Create(TwoRecipients(), Now), CancellationToken.None);
        var sent = content.ToArray();

        var outcomes = await deliverer.DeliverAsync(
            new RelayDeliveryRequest("127.0.0.1", sink.Port, null, "", ["alice@example.org"], content), CancellationToken.None);

        var outcome = Assert.Single(outcomes);
        Assert.Equal(DeliveryOutcome.Delivered, outcome.Outcome);
        var received = Assert.Single(await sink.WaitForAsync(1));
        Assert.Equal("", received.MailFrom);
        Assert.Equal(["alice@example.org"], received.Recipients);
        Assert.Equal(sent, received.Data);
        Assert.IsType<MultipartReport>(Parse(received.Data).Body);
    }

    private static string Unfold(string? value) => (value ?? "").Replace("\r\n", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
}
