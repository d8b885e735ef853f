using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Core.Tests.TrafficPolicies;

public sealed class PolicyStatementValidatorTests
{
    private static bool KnownList(string id) => id == "al-known";

    private static PolicyStatement With(params PolicyCondition[] conditions) => new() { Action = AcceptAction.Allow, Conditions = [.. conditions] };

    public static TheoryData<string, PolicyCondition, string> InvalidConditions() => new()
    {
        { "no property", new PolicyCondition(), "PolicyStatements[0].Conditions[0]" },
        { "two properties", new PolicyCondition { StringExpression = new() { Values = ["a"] }, TlsExpression = new() }, "PolicyStatements[0].Conditions[0]" },
        { "no values", new PolicyCondition { StringExpression = new() { Operator = StringOperator.EndsWith } }, "PolicyStatements[0].Conditions[0]" },
        { "an empty value", new PolicyCondition { StringExpression = new() { Values = ["@example.com", " "] } }, "PolicyStatements[0].Conditions[0].Values[1]" },
        { "a malformed IPv4 range", new PolicyCondition { IpExpression = new() { Values = ["10.0.0.0/33"] } }, "PolicyStatements[0].Conditions[0].Values[0]" },
        { "an IPv6 range as IPv4", new PolicyCondition { IpExpression = new() { Values = ["2001:db8::/32"] } }, "PolicyStatements[0].Conditions[0].Values[0]" },
        { "a malformed IPv6 range", new PolicyCondition { Ipv6Expression = new() { Values = ["2001:db8::"] } }, "PolicyStatements[0].Conditions[0].Values[0]" },
        { "an unknown TLS version", new PolicyCondition { TlsExpression = new() { Value = (TlsVersion)9 } }, "PolicyStatements[0].Conditions[0]" },
        { "an unknown operator", new PolicyCondition { IpExpression = new() { Operator = (IpOperator)9, Values = ["10.0.0.0/8"] } }, "PolicyStatements[0].Conditions[0]" },
        { "an address list that does not exist", new PolicyCondition { BooleanExpression = new() { AddressListId = "al-gone" } }, "PolicyStatements[0].Conditions[0]" },
    };

    [Theory]
    [MemberData(nameof(InvalidConditions))]
    public void An_invalid_condition_is_reported_at_its_field(string name, PolicyCondition condition, string field)
    {
        var errors = PolicyStatementValidator.Validate([With(condition)], KnownList);

        Assert.True(errors.For(field).Any(), $"{name}: {errors}");
    }

    [Fact]
    public void Valid_conditions_of_every_kind_pass_and_compile()
    {
        PolicyStatement statement = With(
            new PolicyCondition { StringExpression = new() { Operator = StringOperator.EndsWith, Values = ["@example.com"] } },
            new PolicyCondition { IpExpression = new() { Operator = IpOperator.NotCidrMatches, Values = ["203.0.113.0/24"] } },
            new PolicyCondition { Ipv6Expression = new() { Operator = IpOperator.CidrMatches, Values = ["2001:db8::/32"] } },
            new PolicyCondition { TlsExpression = new() { Operator = TlsOperator.MinimumTlsVersion, Value = TlsVersion.Tls1_2 } },
            new PolicyCondition { BooleanExpression = new() { Operator = BooleanOperator.IsTrue, AddressListId = "al-known" } });

        Assert.True(PolicyStatementValidator.Validate([statement], KnownList).IsValid);
        CompiledTrafficPolicy.Compile(AcceptAction.Deny, [statement], id => KnownList(id) ? new AddressListMatcher(["a@example.com"]) : null);
    }

    [Fact]
    public void Quotas_are_20_statements_and_1_to_10_conditions_each()
    {
        PolicyCondition condition = new() { TlsExpression = new() { Operator = TlsOperator.Is, Value = TlsVersion.Tls1_3 } };

        Assert.True(PolicyStatementValidator.Validate([.. Enumerable.Repeat(With(condition), 20)], KnownList).IsValid);
        Assert.Contains("at most 20", Assert.Single(PolicyStatementValidator.Validate([.. Enumerable.Repeat(With(condition), 21)], KnownList).For("PolicyStatements")));
        Assert.True(PolicyStatementValidator.Validate([With([.. Enumerable.Repeat(condition, 10)])], KnownList).IsValid);
        Assert.Single(PolicyStatementValidator.Validate([With([.. Enumerable.Repeat(condition, 11)])], KnownList).For("PolicyStatements[0]"));
        Assert.Single(PolicyStatementValidator.Validate([With()], KnownList).For("PolicyStatements[0]"));
    }
}
