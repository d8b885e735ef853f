using System.Net;
using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Core.Tests.TrafficPolicies;

public sealed class CompiledTrafficPolicyTests
{
    private static readonly IPAddress Internal = IPAddress.Parse("10.1.2.3");
    private static readonly IPAddress External = IPAddress.Parse("203.0.113.9");

    private static PolicyStatement Statement(AcceptAction action, params PolicyCondition[] conditions) => new() { Action = action, Conditions = [.. conditions] };

    private static PolicyCondition Recipient(StringOperator @operator, params string[] values) =>
        new() { StringExpression = new() { Operator = @operator, Values = [.. values] } };

    private static PolicyCondition SenderIp(IpOperator @operator, params string[] blocks) =>
        new() { IpExpression = new() { Operator = @operator, Values = [.. blocks] } };

    private static PolicyCondition Tls(TlsOperator @operator, TlsVersion version) =>
        new() { TlsExpression = new() { Operator = @operator, Value = version } };

    private static PolicyCondition InList(BooleanOperator @operator) =>
        new() { BooleanExpression = new() { Operator = @operator, AddressListId = "al-staff" } };

    private static readonly AddressListMatcher Staff = new(["alice@example.com", "*@partners.example.com"]);

    private static CompiledTrafficPolicy Compile(AcceptAction defaultAction, params PolicyStatement[] statements) =>
        CompiledTrafficPolicy.Compile(defaultAction, statements, id => id == "al-staff" ? Staff : null);

    public static TheoryData<string, string, string, TlsVersion?, bool, int> Cases() => new()
    {
        // name, policy (see Policy below), recipient, TLS, accepted, deciding statement (-1: the default action)
        { "allowed domain over a deny default", "domain", "bob@example.com", null, true, 0 },
        { "other domain falls to the deny default", "domain", "bob@example.org", null, false, -1 },
        { "deny wins over an allow that also matches, whatever their order", "deny-internal-first-allow", "bob@example.com", null, false, 1 },
        { "both conditions of a statement must hold", "and", "alice@example.com", TlsVersion.Tls1_3, true, 0 },
        { "one condition of two is not enough", "and", "alice@example.com", null, false, -1 },
        { "address list member", "list", "carol@partners.example.com", null, true, 0 },
        { "not in the list is denied by its statement", "list", "mallory@example.net", null, false, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verdicts(string name, string policy, string recipient, TlsVersion? tls, bool accepted, int statement)
    {
        CompiledTrafficPolicy compiled = Policy(policy);

        TrafficPolicyVerdict verdict = compiled.Evaluate(new RecipientFacts(recipient, Internal, tls));

        Assert.True(accepted == verdict.Accepted, name);
        Assert.Equal(statement, verdict.StatementIndex);
    }

    [Fact]
    public void The_sender_ip_comes_from_the_session()
    {
        CompiledTrafficPolicy onlyInternal = Compile(AcceptAction.Deny, Statement(AcceptAction.Allow, SenderIp(IpOperator.CidrMatches, "10.0.0.0/8")));

        Assert.True(onlyInternal.Evaluate(new RecipientFacts("a@example.com", Internal, null)).Accepted);
        Assert.False(onlyInternal.Evaluate(new RecipientFacts("a@example.com", External, null)).Accepted);
    }

    [Fact]
    public void Explain_gives_each_conditions_result_in_the_policys_order()
    {
        CompiledTrafficPolicy compiled = Policy("and");

        var explained = compiled.Explain(new RecipientFacts("alice@example.com", External, null));

        (int index, bool[] results) = Assert.Single(explained);
        Assert.Equal(0, index);
        Assert.Equal([true, false], results);
    }

    [Fact]
    public void A_condition_with_no_member_or_two_or_an_unknown_list_does_not_compile()
    {
        Assert.Throws<ArgumentException>(() => Compile(AcceptAction.Allow, Statement(AcceptAction.Deny, new PolicyCondition())));
        PolicyCondition both = Recipient(StringOperator.Equals, "a@example.com");
        both.TlsExpression = new() { Operator = TlsOperator.Is, Value = TlsVersion.Tls1_3 };
        Assert.Throws<ArgumentException>(() => Compile(AcceptAction.Allow, Statement(AcceptAction.Deny, both)));
        Assert.Throws<ArgumentException>(() => CompiledTrafficPolicy.Compile(AcceptAction.Allow, [Statement(AcceptAction.Deny, InList(BooleanOperator.IsTrue))], _ => null));
    }

    private static CompiledTrafficPolicy Policy(string name) => name switch
    {
        "domain" => Compile(AcceptAction.Deny, Statement(AcceptAction.Allow, Recipient(StringOperator.EndsWith, "@example.com"))),
        "deny-internal-first-allow" => Compile(
            AcceptAction.Deny,
            Statement(AcceptAction.Allow, Recipient(StringOperator.EndsWith, "@example.com")),
            Statement(AcceptAction.Deny, SenderIp(IpOperator.CidrMatches, "10.0.0.0/8"))),
        "and" => Compile(
            AcceptAction.Deny,
            Statement(AcceptAction.Allow, Recipient(StringOperator.Equals, "alice@example.com"), Tls(TlsOperator.MinimumTlsVersion, TlsVersion.Tls1_2))),
        "list" => Compile(
            AcceptAction.Allow,
            Statement(AcceptAction.Allow, InList(BooleanOperator.IsTrue)),
            Statement(AcceptAction.Deny, InList(BooleanOperator.IsFalse))),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
