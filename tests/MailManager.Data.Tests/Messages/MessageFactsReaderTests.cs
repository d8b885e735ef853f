using System.Net;
using MailManager.Core.Messages;
using MailManager.Data.Messages;

namespace MailManager.Data.Tests.Messages;

/// <summary>Rule conditions see headers as a reader does: encoded words decoded, folded lines joined, addresses without display names.</summary>
public sealed class MessageFactsReaderTests
{
    private static readonly ReceivedMessage Envelope = new()
    {
        MailFrom = "bounce@lists.example.org",
        HeloName = "mx.example.org",
        SourceIp = "2001:db8::25",
        TlsProtocol = "Tls13",
        SizeBytes = 4096,
    };

    [Fact]
    public void Headers_are_decoded_and_addresses_are_listed_one_by_one()
    {
        const string headers =
            "Received: from mx.example.org\r\n" +
            "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@gmail.com>\r\n" +
            "Sender: \"List\" <owner@lists.example.org>\r\n" +
            "To: Team: alice@corp.test, \"Bob, B.\" <bob@corp.test>;, carol@corp.test\r\n" +
            "Cc: dave@corp.test\r\n" +
            "Subject: =?UTF-8?B?UmVwb3J0IMO8YmVy?=\r\n November\r\n" +
            "X-Spam-Flag: YES\r\n" +
            "x-spam-flag: second\r\n" +
            "Disposition-Notification-To: juergen@gmail.com";

        var facts = MessageFactsReader.Read(Envelope, headers);

        Assert.Equal(["juergen@gmail.com"], facts.From);
        Assert.Equal(["owner@lists.example.org"], facts.Sender);
        Assert.Equal(["alice@corp.test", "bob@corp.test", "carol@corp.test"], facts.To);
        Assert.Equal(["dave@corp.test"], facts.Cc);
        Assert.Equal("Report über November", facts.Subject);
        Assert.Equal(["YES", "second"], facts.MimeHeaders["X-SPAM-FLAG"]);
        Assert.True(facts.ReadReceiptRequested);
        Assert.Equal(("bounce@lists.example.org", "mx.example.org", IPAddress.Parse("2001:db8::25"), true, 4096L),
            (facts.MailFrom, facts.Helo, facts.SourceIp, facts.Tls, facts.SizeBytes));
    }

    [Fact]
    public void A_message_without_headers_has_only_its_envelope_facts()
    {
        var facts = MessageFactsReader.Read(Envelope, null);

        Assert.Empty(facts.From);
        Assert.Null(facts.Subject);
        Assert.False(facts.ReadReceiptRequested);
        Assert.Equal("bounce@lists.example.org", facts.MailFrom);
    }
}
