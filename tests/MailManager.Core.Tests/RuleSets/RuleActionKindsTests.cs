using MailManager.Core.Common;
using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;

namespace MailManager.Core.Tests.RuleSets;

/// <summary>Every action kind is found, and each checks its fields against SES's RuleAction limits at the field's key.</summary>
public sealed class RuleActionKindsTests
{
    [Fact]
    public void Every_rule_action_type_and_union_member_has_exactly_one_kind()
    {
        var types = Enum.GetValues<RuleActionType>().Where(t => t != RuleActionType.DeliveryStatusNotification);

        Assert.Equal(types, RuleActionKinds.All.Select(k => k.Type));
        Assert.All(RuleActionKinds.All, k => Assert.Equal(k.Type.ToString(),
            typeof(RuleAction).GetProperties().Single(p => p.CanWrite && k.IsSetOn(SetOnly(p.Name))).Name));
        Assert.False(RuleActionKinds.IsRuleAction(RuleActionType.DeliveryStatusNotification));
    }

    [Fact]
    public void An_action_with_no_member_or_two_has_no_kind_and_is_refused()
    {
        var draft = new RuleSetDraft { Name = "rs", Rules = [new Rule { Actions = [new RuleAction(), new RuleAction { Drop = new(), Relay = new() { Relay = "rl-1" } }] }] };

        var errors = RuleSetValidator.Validate(draft);

        Assert.Equal("Choose one action.", Assert.Single(errors.For("Rules[0].Actions[0]")));
        Assert.Equal("Choose one action.", Assert.Single(errors.For("Rules[0].Actions[1]")));
    }

    private static RuleAction SetOnly(string member)
    {
        var action = new RuleAction();
        var property = typeof(RuleAction).GetProperty(member)!;
        property.SetValue(action, Activator.CreateInstance(property.PropertyType));
        return action;
    }

    public static TheoryData<string, RuleAction, string, string?> Fields => new()
    {
        { "a relay needs a relay", new() { Relay = new() }, "Relay.Relay", "Choose an SMTP relay." },
        { "a header name starts with X-", new() { AddHeader = new() { HeaderName = "Subject", HeaderValue = "v" } }, "AddHeader.HeaderName", "A header name starts with X- and holds letters, digits and hyphens, e.g. X-Processed-By." },
        { "a header name of 65 characters is too long", new() { AddHeader = new() { HeaderName = "X-" + new string('a', 63), HeaderValue = "v" } }, "AddHeader.HeaderName", "A header name is at most 64 characters." },
        { "a header value of 128 characters is fine", new() { AddHeader = new() { HeaderName = "X-Ok", HeaderValue = new string('v', 128) } }, "AddHeader.HeaderValue", null },
        { "a header value of 129 characters is too long", new() { AddHeader = new() { HeaderName = "X-Ok", HeaderValue = new string('v', 129) } }, "AddHeader.HeaderValue", "A header value is at most 128 characters." },
        { "a header value cannot hold a line break", new() { AddHeader = new() { HeaderName = "X-Ok", HeaderValue = "a\r\nBcc: x@y" } }, "AddHeader.HeaderValue", "A header value is one line of printable ASCII characters." },
        { "a header value in UTF-8 is refused", new() { AddHeader = new() { HeaderName = "X-Ok", HeaderValue = "geprüft" } }, "AddHeader.HeaderValue", "A header value is one line of printable ASCII characters." },
        { "a rewrite needs an address", new() { ReplaceRecipient = new() }, "ReplaceRecipient.ReplaceWith", "Enter at least one email address." },
        { "a rewrite address is checked one by one", new() { ReplaceRecipient = new() { ReplaceWith = ["ok@x.test", "not an address"] } }, "ReplaceRecipient.ReplaceWith[1]", "'not an address' is not an email address such as user@example.com." },
        { "a rewrite has at most 100 addresses", new() { ReplaceRecipient = new() { ReplaceWith = [.. Enumerable.Range(0, 101).Select(i => $"u{i}@x.test")] } }, "ReplaceRecipient.ReplaceWith", "Enter at most 100 email addresses." },
        { "a bounce status code is [45].d.d", new() { Bounce = Bounce(status: "5.1") }, "Bounce.StatusCode", "Enter an enhanced status code such as 5.1.1 (class 4 or 5)." },
        { "a bounce reply code is 4xx or 5xx", new() { Bounce = Bounce(reply: "250") }, "Bounce.SmtpReplyCode", "Enter an SMTP reply code such as 550 (4xx or 5xx)." },
        { "a bounce's codes agree in class", new() { Bounce = Bounce(status: "4.2.2", reply: "550") }, "Bounce.StatusCode", "The status code's class (4) must match the reply code's (5)." },
        { "a bounce diagnostic is printable ASCII", new() { Bounce = Bounce(diagnostic: "Postfach voll ✉") }, "Bounce.DiagnosticMessage", "The diagnostic message is printable ASCII on one line." },
        { "a bounce sender is an address", new() { Bounce = Bounce(sender: "postmaster") }, "Bounce.Sender", "'postmaster' is not an email address such as user@example.com." },
        { "a bounce goes through a relay", new() { Bounce = Bounce(relay: "") }, "Bounce.Relay", "Choose the SMTP relay that sends the bounce." },
        { "a valid bounce", new() { Bounce = Bounce() }, "Bounce.StatusCode", null },
        { "an LMTP server is host, host:port or a socket", new() { DeliverToMailbox = new() { Server = "mail store" } }, "DeliverToMailbox.Server", "The host is a name of up to 253 letters, numbers, hyphens (-) and periods (.), or an IP address." },
        { "an empty LMTP server", new() { DeliverToMailbox = new() { Server = "" } }, "DeliverToMailbox.Server", LmtpServer.EnterMessage },
        { "a Unix socket is fine", new() { DeliverToMailbox = new() { Server = "/run/dovecot/lmtp" } }, "DeliverToMailbox.Server", null },
        { "a folder name has no slash", new() { WriteToS3 = new() { S3Bucket = "a/b" } }, "WriteToS3.S3Bucket", "A folder name holds letters, digits, dots and hyphens." },
        { "a folder name is not dots", new() { WriteToS3 = new() { S3Bucket = ".." } }, "WriteToS3.S3Bucket", "A folder name holds letters, digits, dots and hyphens." },
        { "a prefix never climbs out", new() { WriteToS3 = new() { S3Bucket = "mail", S3Prefix = "in/../../etc" } }, "WriteToS3.S3Prefix", "A prefix holds letters, digits and !_.*'()/- and no '..' segment, and does not start with '/'." },
        { "a prefix with subfolders is fine", new() { WriteToS3 = new() { S3Bucket = "mail", S3Prefix = "2026/in" } }, "WriteToS3.S3Prefix", null },
        { "a webhook needs an https URL", new() { Webhook = new() { Url = "ftp://hooks.example.com" } }, "Webhook.Url", "Enter an https:// URL such as https://hooks.example.com/mail." },
        { "a webhook URL carries no password", new() { Webhook = new() { Url = "https://user:pw@hooks.example.com" } }, "Webhook.Url", "Enter an https:// URL such as https://hooks.example.com/mail." },
        { "a webhook retries at most 36 hours", new() { Webhook = new() { Url = "https://hooks.example.com", RetryTimeMinutes = 2161 } }, "Webhook.RetryTimeMinutes", "Retry for 0 to 2160 minutes." },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Checks_each_field(string why, RuleAction action, string field, string? expected)
    {
        var draft = new RuleSetDraft { Name = "rs", Rules = [new Rule { Actions = [action] }] };

        var errors = RuleSetValidator.Validate(draft).For($"Rules[0].Actions[0].{field}").ToList();

        if (expected is null)
        {
            Assert.True(errors.Count == 0, $"{why}: {string.Join("; ", errors)}");
        }
        else
        {
            Assert.True(errors.Count == 1 && errors[0] == expected, $"{why}: {string.Join("; ", errors)}");
        }
    }

    private static BounceAction Bounce(string sender = "postmaster@example.com", string status = "5.1.1", string reply = "550", string diagnostic = "Unknown user", string relay = "rl-1") =>
        new() { Sender = sender, StatusCode = status, SmtpReplyCode = reply, DiagnosticMessage = diagnostic, Relay = relay };

    [Fact]
    public void A_rule_set_holds_at_most_ten_relay_actions()
    {
        var draft = new RuleSetDraft { Name = "rs", Rules = [new Rule { Actions = [.. Enumerable.Range(0, 6).Select(_ => RuleAction.OfRelay("rl-1"))] }, new Rule { Actions = [.. Enumerable.Range(0, 5).Select(_ => RuleAction.OfRelay("rl-1"))] }] };

        Assert.Equal("A rule set holds at most 10 SMTP relay actions.", Assert.Single(RuleSetValidator.Validate(draft).For("Rules")));
    }

    [Fact]
    public void The_stored_json_is_the_SES_union_shape()
    {
        var json = RuleActionJson.Serialize(RuleAction.OfRelay("rl-1", MailFrom.Replace));

        Assert.Equal("""{"Relay":{"Relay":"rl-1","MailFrom":"Replace","ActionFailurePolicy":"Continue"}}""", json);
        Assert.Equal(RuleActionType.Relay, RuleActionJson.Deserialize<RuleAction>(json).Type);
    }
}
