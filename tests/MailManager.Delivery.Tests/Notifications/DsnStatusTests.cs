using MailManager.Delivery.Notifications;

namespace MailManager.Delivery.Tests.Notifications;

public sealed class DsnStatusTests
{
    public static TheoryData<string?, bool, string, int, bool> Replies => new()
    {
        // stored reply, permanent, status code, reply code, is a server's reply
        { "550 5.1.1 <x@example.org>: Recipient address rejected: User unknown", true, "5.1.1", 550, true },
        { "550-5.7.1 Relaying denied", true, "5.7.1", 550, true },
        { "552 5.3.4 Message size exceeds fixed limit", true, "5.3.4", 552, true },
        { "550 Mailbox unavailable", true, "5.0.0", 550, true },
        { "554", true, "5.0.0", 554, true },
        { "451 4.7.1 Greylisted, try again later", false, "4.7.1", 451, true },
        { "421 Service not available", false, "4.0.0", 421, true },
        // A 4xx that outlived the retry lifetime keeps its class (as Postfix reports it).
        { "450 4.2.0 Mailbox busy", true, "4.2.0", 450, true },
        // An enhanced code of the other class follows the reply's class.
        { "550 4.1.1 Inconsistent server", true, "5.1.1", 550, true },
        // Leading zeros are not part of the code's numbers.
        { "550 5.01.001 Odd server", true, "5.1.1", 550, true },
        // Not an enhanced code (a version number in the text): the reply's class.
        { "550 5.1 is not enough", true, "5.0.0", 550, true },
        { "250 2.0.0 Ok", true, "5.0.0", 554, true },
        // The message log's retry-expiry mark is looked past.
        { "Retry lifetime expired: 451 4.7.1 Greylisted", true, "4.7.1", 451, true },
        { "Retry lifetime expired: Connection refused by mx.example.org:25", true, "5.4.1", 554, false },
        // The gateway's own texts (RelayFailure and MessageProcessor wording).
        { "Connection refused by mx.example.org:25", false, "4.4.1", 451, false },
        { "Connection refused by mx.example.org:25", true, "5.4.1", 554, false },
        { "No connection to mx.example.org:25 within 60 seconds", false, "4.4.1", 451, false },
        { "Could not connect to mx.example.org:25: Network is unreachable", false, "4.4.1", 451, false },
        { "The server name mx.example.org could not be resolved", false, "4.4.3", 451, false },
        { "The server name mx.example.org could not be resolved", true, "5.4.4", 554, false },
        { "mx.example.org:25 did not answer in time", false, "4.4.2", 451, false },
        { "Connection to mx.example.org:25 failed: Connection reset by peer", false, "4.4.2", 451, false },
        { "TLS handshake with mx.example.org:25 failed: bad certificate", false, "4.7.5", 451, false },
        { "Authentication to mx.example.org:587 failed: 535: bad credentials", false, "4.7.0", 451, false },
        { "Not supported by mx.example.org:25: SMTPUTF8", false, "4.3.3", 451, false },
        { "SMTP protocol error with mx.example.org:25: unexpected reply", false, "4.5.0", 451, false },
        { "The envelope sender <a b@example.org> cannot be relayed", true, "5.1.7", 554, false },
        { "The recipient address cannot be relayed", true, "5.1.3", 554, false },
        { "The SMTP relay rl-1 no longer exists", true, "5.3.5", 554, false },
        { "The secret of SMTP relay office no longer holds a username and a password", true, "5.3.5", 554, false },
        { "The message file is missing from the spool", true, "5.3.0", 554, false },
        { "Internal error: disk full", false, "4.3.0", 451, false },
        { "Something nobody foresaw", true, "5.0.0", 554, false },
        { "", false, "4.0.0", 451, false },
        { null, true, "5.0.0", 554, false },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void Derives_the_codes_from_the_stored_reply(string? reply, bool permanent, string statusCode, int replyCode, bool remote)
    {
        Assert.Equal(new DsnStatus(statusCode, replyCode, remote), DsnStatus.FromReply(reply, permanent));
    }

    [Fact]
    public void A_recipient_from_a_delivery_failure_quotes_the_server_and_marks_the_gateways_own_text()
    {
        var expired = DsnRecipient.FromDeliveryFailure("a@example.org", "Retry lifetime expired: 451 4.7.1 Greylisted", permanent: true);
        Assert.Equal(new DsnRecipient("a@example.org", "4.7.1", 451, "451 4.7.1 Greylisted"), expired);

        var refused = DsnRecipient.FromDeliveryFailure("b@example.org", "Retry lifetime expired: Connection refused by mx.example.org:25", permanent: true);
        Assert.Equal("X-MailManager", refused.DiagnosticType);
        Assert.Equal("Retry lifetime expired: Connection refused by mx.example.org:25", refused.Diagnostic);
        Assert.Equal("5.4.1", refused.StatusCode);

        var unknown = DsnRecipient.FromDeliveryFailure("c@example.org", null, permanent: true);
        Assert.Equal(("5.0.0", "Delivery failed"), (unknown.StatusCode, unknown.Diagnostic));
    }
}
