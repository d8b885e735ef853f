using MailManager.Core.Messages;

namespace MailManager.Core.Tests.Messages;

public sealed class BounceGuardTests
{
    private const string Plain = "From: Alice <alice@example.org>\r\nTo: bob@example.com\r\nSubject: hello\r\n";

    public static TheoryData<string, string?, string?> Cases => new()
    {
        // envelope sender, header block, expected reason fragment (null: a DSN may be sent)
        { "alice@example.org", Plain, null },
        { "alice@example.org", null, null },
        { "alice@example.org", "", null },
        { "", Plain, "null sender" },
        { "  ", Plain, "null sender" },
        { "<>", Plain, "null sender" },
        { "MAILER-DAEMON@example.org", Plain, "mail system address" },
        { "mailer-daemon@example.org", Plain, "mail system address" },
        { "Postmaster@example.org", Plain, "mail system address" },
        { "postmaster", Plain, "mail system address" },
        { "daemon@example.org", Plain, null },
        { "postmaster-team@example.org", Plain, null },
        { "alice@mailer-daemon.example", Plain, null },
        // RFC 3834: any value but "no" marks an automatic message; names and values without case.
        { "alice@example.org", Plain + "Auto-Submitted: auto-replied\r\n", "Auto-Submitted: auto-replied" },
        { "alice@example.org", Plain + "auto-submitted: Auto-Generated; owner-email=\"x@y\"\r\n", "Auto-Submitted: Auto-Generated" },
        { "alice@example.org", Plain + "AUTO-SUBMITTED: (cron job) auto-generated\r\n", "Auto-Submitted: auto-generated" },
        { "alice@example.org", Plain + "Auto-Submitted:\r\n", "Auto-Submitted: (empty)" },
        { "alice@example.org", Plain + "Auto-Submitted: no\r\n", null },
        { "alice@example.org", Plain + "Auto-Submitted: No (a person wrote this)\r\n", null },
        { "alice@example.org", Plain + "X-Auto-Submitted: auto-generated\r\n", null },
        { "alice@example.org", Plain + "Precedence: bulk\r\n", "Precedence: bulk" },
        { "alice@example.org", Plain + "precedence: JUNK\r\n", "Precedence: junk" },
        { "alice@example.org", Plain + "Precedence: list\r\n", "Precedence: list" },
        { "alice@example.org", Plain + "Precedence: first-class\r\n", null },
        { "alice@example.org", Plain + "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"b1\"\r\n", "itself a delivery status notification" },
        { "alice@example.org", Plain + "Content-Type: Multipart/Report;\r\n report-type=\"Delivery-Status\"; boundary=b1\r\n", "itself a delivery status notification" },
        { "alice@example.org", Plain + "Content-Type: multipart/report; report-type=disposition-notification; boundary=b1\r\n", null },
        { "alice@example.org", Plain + "Content-Type: multipart/mixed; boundary=\"report-type=delivery-status\"\r\n", null },
        { "alice@example.org", Plain + "Content-Type: text/plain; charset=utf-8\r\n", null },
        // Folded fields are unfolded before they are judged.
        { "alice@example.org", Plain + "Auto-Submitted:\r\n auto-generated\r\n", "Auto-Submitted: auto-generated" },
        { "alice@example.org", Plain + "Precedence:\n\tbulk\n", "Precedence: bulk" },
        // Only the header section counts: the same words in the body do not.
        { "alice@example.org", Plain + "\r\nAuto-Submitted: auto-generated\r\n", null },
        // A continuation is part of the field before it, not a field of its own.
        { "alice@example.org", "Subject: weekly\r\n Precedence: bulk\r\n", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Says_whether_a_notification_may_go_to_the_sender(string envelopeFrom, string? headers, string? reason)
    {
        var why = BounceGuard.WhyNot(envelopeFrom, headers);

        if (reason is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.NotNull(why);
            Assert.Contains(reason, why, StringComparison.Ordinal);
        }
    }
}
