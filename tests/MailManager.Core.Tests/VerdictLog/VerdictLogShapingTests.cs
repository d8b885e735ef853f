using System.Net;
using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Core.VerdictLog;

namespace MailManager.Core.Tests.VerdictLog;

public sealed class VerdictLogShapingTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly IPAddress Loopback = IPAddress.Loopback;

    private static readonly TrafficPolicy Policy = new()
    {
        TrafficPolicyId = "tp-1",
        TrafficPolicyName = "inbound",
        DefaultAction = AcceptAction.Deny,
        PolicyStatements =
        [
            new()
            {
                Action = AcceptAction.Allow,
                Conditions = [new() { StringExpression = new() { Operator = StringOperator.EndsWith, Values = ["@example.com", "@example.net"] } }],
            },
            new()
            {
                Action = AcceptAction.Deny,
                Conditions =
                [
                    new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = ["127.0.0.0/8"] } },
                    new() { TlsExpression = new() { Operator = TlsOperator.MinimumTlsVersion, Value = TlsVersion.Tls1_3 } },
                ],
            },
        ],
    };

    private static readonly CompiledTrafficPolicy Compiled = CompiledTrafficPolicy.Compile(Policy.DefaultAction, Policy.PolicyStatements, _ => null);

    private static RecipientTrace Judged(string recipient, TlsVersion? tls = null)
    {
        var facts = new RecipientFacts(recipient, Loopback, tls);
        return new RecipientTrace(Start, "sender@example.org", facts, Compiled.Evaluate(facts));
    }

    private static SessionTrace Trace(IReadOnlyList<RecipientTrace> recipients, IReadOnlyList<RefusedMessageTrace>? refused = null, string? connectionRefused = null) => new()
    {
        SessionId = "abc123",
        IngressPointId = "inp-1",
        IngressPointName = "main",
        Policy = Policy,
        CompiledPolicy = Compiled,
        SourceIp = IPAddress.Parse("::ffff:127.0.0.1"),
        StartedTimestamp = Start,
        EndedTimestamp = Start.AddSeconds(1),
        ConnectionRefusedReason = connectionRefused,
        Recipients = recipients,
        RefusedMessages = refused ?? [],
    };

    public static TheoryData<string, TlsVersion?, string, string, string[]> Recipients() => new()
    {
        // recipient, TLS, verdict, decision, every condition in the policy's order
        {
            "bob@example.com", null, "Accepted", "Policy statement 1 (Allow)",
            ["Recipient address Ends with @example.com, @example.net: true", "Sender IP range CIDR matches 127.0.0.0/8: true", "TLS protocol version Minimum version TLS 1.3: false"]
        },
        {
            "bob@example.com", TlsVersion.Tls1_3, "Refused", "Policy statement 2 (Deny)",
            ["Recipient address Ends with @example.com, @example.net: true", "Sender IP range CIDR matches 127.0.0.0/8: true", "TLS protocol version Minimum version TLS 1.3: true"]
        },
        {
            "bob@example.org", TlsVersion.Tls1_2, "Refused", "Default action (Deny)",
            ["Recipient address Ends with @example.com, @example.net: false", "Sender IP range CIDR matches 127.0.0.0/8: true", "TLS protocol version Minimum version TLS 1.3: false"]
        },
    };

    [Theory]
    [MemberData(nameof(Recipients))]
    public void A_recipients_entry_names_what_decided_and_every_conditions_result(string recipient, TlsVersion? tls, string verdict, string decision, string[] conditions)
    {
        var entry = Assert.Single(VerdictLogShaping.Shape(Trace([Judged(recipient, tls)])).Recipients);

        Assert.Equal(verdict, VerdictText.Verdict(entry.Verdict));
        Assert.Equal(decision, VerdictText.Decision(entry));
        Assert.Equal(conditions, entry.Evaluation.SelectMany(s => s.Conditions).Select(VerdictText.Condition));
        Assert.Equal(VerdictScope.Recipient, entry.Scope);
    }

    [Fact]
    public void Statements_keep_the_policys_order_and_say_whether_they_matched()
    {
        var entry = VerdictLogShaping.Shape(Trace([Judged("bob@example.com", TlsVersion.Tls1_3)])).Recipients[0];

        Assert.Equal(["Policy statement 1 (Allow): matched", "Policy statement 2 (Deny): matched"],
            entry.Evaluation.Select(s => $"Policy statement {s.StatementIndex + 1} ({VerdictText.Action(s.Action)}): {(s.PolicyStatementMatched ? "matched" : "not matched")}"));
        Assert.Equal([("RECIPIENT", "ENDS_WITH"), ("SENDER_IP", "CIDR_MATCHES"), ("TLS_PROTOCOL", "MINIMUM_TLS_VERSION")],
            entry.Evaluation.SelectMany(s => s.Conditions).Select(c => (c.Attribute, c.Operator)));
    }

    [Fact]
    public void The_session_counts_its_verdicts_and_shows_a_mapped_ipv4_address_as_ipv4()
    {
        var session = VerdictLogShaping.Shape(Trace([Judged("a@example.com"), Judged("b@example.org"), Judged("c@example.net")]));

        Assert.Equal(2, session.RecipientsAccepted);
        Assert.Equal(1, session.RecipientsRefused);
        Assert.True(session.HasRefusals);
        Assert.Equal("127.0.0.1", session.SourceIp);
        Assert.Equal(("tp-1", "inbound"), (session.TrafficPolicyId, session.TrafficPolicyName));
    }

    [Fact]
    public void A_session_where_everything_was_accepted_has_no_refusals()
    {
        var session = VerdictLogShaping.Shape(Trace([Judged("a@example.com")]));

        Assert.False(session.HasRefusals);
    }

    [Fact]
    public void A_refused_connection_is_a_refusal_without_recipients()
    {
        var session = VerdictLogShaping.Shape(Trace([], connectionRefused: "Ingress endpoint is closed"));

        Assert.True(session.HasRefusals);
        Assert.Empty(session.Recipients);
    }

    [Fact]
    public void A_message_over_the_size_limit_refuses_each_of_its_recipients_at_data_with_both_sizes()
    {
        var refused = new RefusedMessageTrace(Start, "sender@example.org", ["a@example.com", "b@example.com"], SizeExceeded: true, null, 1000, 2_000_000);

        var session = VerdictLogShaping.Shape(Trace([Judged("a@example.com"), Judged("b@example.com")], [refused]));

        var data = session.Recipients.Where(r => r.Scope == VerdictScope.Data).ToList();
        Assert.Equal(["a@example.com", "b@example.com"], data.Select(r => r.Address));
        Assert.All(data, r => Assert.Equal("Message size 2,000,000 bytes over the maximum of 1,000 bytes (Deny)", VerdictText.Decision(r)));
        Assert.Equal(2, session.RecipientsAccepted);
        Assert.Equal(2, session.RecipientsRefused);
    }

    [Fact]
    public void A_message_refused_for_its_content_says_what_was_wrong()
    {
        var refused = new RefusedMessageTrace(Start, "", ["a@example.com"], SizeExceeded: false, "bare CR or LF", 1000, 10);

        var entry = VerdictLogShaping.Shape(Trace([], [refused])).Recipients.Single();

        Assert.Equal("Message refused at DATA: bare CR or LF (Deny)", VerdictText.Decision(entry));
        Assert.Null(entry.AllowedMessageSize);
    }

    [Fact]
    public void Without_a_traffic_policy_every_recipient_is_refused_and_the_log_says_so()
    {
        var facts = new RecipientFacts("a@example.com", Loopback, null);
        var trace = Trace([new RecipientTrace(Start, "", facts, new TrafficPolicyVerdict(false, -1))]);
        var withoutPolicy = new SessionTrace
        {
            SessionId = trace.SessionId, IngressPointId = trace.IngressPointId, IngressPointName = trace.IngressPointName,
            SourceIp = Loopback, StartedTimestamp = Start, EndedTimestamp = Start, Recipients = trace.Recipients,
        };

        var entry = VerdictLogShaping.Shape(withoutPolicy).Recipients.Single();

        Assert.Equal("No traffic policy (Deny)", VerdictText.Decision(entry));
        Assert.Empty(entry.Evaluation);
    }

    public static TheoryData<PolicyCondition, bool, string> Conditions() => new()
    {
        { new() { StringExpression = new() { Operator = StringOperator.Equals, Values = ["a@example.com"] } }, true, "Recipient address Equals a@example.com: true" },
        { new() { StringExpression = new() { Operator = StringOperator.NotEquals, Values = ["a@example.com"] } }, false, "Recipient address Not equals a@example.com: false" },
        { new() { StringExpression = new() { Operator = StringOperator.StartsWith, Values = ["postmaster@"] } }, false, "Recipient address Starts with postmaster@: false" },
        { new() { StringExpression = new() { Operator = StringOperator.Contains, Values = ["+news"] } }, true, "Recipient address Contains +news: true" },
        { new() { IpExpression = new() { Operator = IpOperator.NotCidrMatches, Values = ["10.0.0.0/8", "192.168.0.0/16"] } }, true, "Sender IP range Does not CIDR match 10.0.0.0/8, 192.168.0.0/16: true" },
        { new() { Ipv6Expression = new() { Operator = IpOperator.CidrMatches, Values = ["2001:db8::/32"] } }, false, "Sender IPv6 range CIDR matches 2001:db8::/32: false" },
        { new() { TlsExpression = new() { Operator = TlsOperator.Is, Value = TlsVersion.Tls1_2 } }, true, "TLS protocol version Is TLS 1.2: true" },
        { new() { BooleanExpression = new() { Operator = BooleanOperator.IsFalse, AddressListId = "al-staff" } }, false, "Recipient address is in address list al-staff Is false: false" },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Each_condition_type_reads_as_the_console_labels_it(PolicyCondition condition, bool result, string expected) =>
        Assert.Equal(expected, VerdictText.Condition(VerdictLogShaping.Describe(condition, result)));

    public static TheoryData<string?, int, string> Authentications() => new()
    {
        { null, 0, "None" },
        { "inp-1", 0, "Succeeded as inp-1" },
        { "inp-1", 2, "Succeeded as inp-1 after 2 failed attempts" },
        { null, 1, "Failed (1 failed attempt)" },
        { null, 3, "Failed (3 failed attempts)" },
    };

    [Theory]
    [MemberData(nameof(Authentications))]
    public void The_authentication_result_reads_in_one_phrase(string? user, int failed, string expected) =>
        Assert.Equal(expected, VerdictText.Authentication(new SessionLogEntry { AuthenticatedUser = user, FailedAuthAttempts = failed }));

    [Fact]
    public void An_address_list_condition_names_the_list_when_its_name_is_known_and_its_id_otherwise()
    {
        var described = VerdictLogShaping.Describe(new() { BooleanExpression = new() { Operator = BooleanOperator.IsTrue, AddressListId = "al-staff" } }, true);

        Assert.Equal("Recipient address is in address list staff Is true: true", VerdictText.Condition(described, id => id == "al-staff" ? "staff" : null));
        Assert.Equal("Recipient address is in address list al-staff Is true: true", VerdictText.Condition(described, _ => null));
    }
}
