using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Web.Components.Pages.TrafficPolicies;

namespace MailManager.Web.Tests.TrafficPolicies;

public sealed class PolicyStatementTextTests
{
    public static TheoryData<PolicyCondition, string> Conditions => new()
    {
        { new() { StringExpression = new() { Operator = StringOperator.EndsWith, Values = ["@example.com"] } }, "Recipient address ends with @example.com" },
        { new() { StringExpression = new() { Operator = StringOperator.NotEquals, Values = ["a@x.com", "b@x.com", "c@x.com"] } }, "Recipient address does not equal a@x.com, b@x.com or c@x.com" },
        { new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = ["10.0.0.0/8"] } }, "Sender IP range CIDR matches 10.0.0.0/8" },
        { new() { Ipv6Expression = new() { Operator = IpOperator.NotCidrMatches, Values = ["2001:db8::/32", "fd00::/8"] } }, "Sender IPv6 range does not match CIDR 2001:db8::/32 or fd00::/8" },
        { new() { TlsExpression = new() { Operator = TlsOperator.MinimumTlsVersion, Value = TlsVersion.Tls1_2 } }, "TLS protocol version is at least TLS 1.2" },
        { new() { TlsExpression = new() { Operator = TlsOperator.Is, Value = TlsVersion.Tls1_3 } }, "TLS protocol version is TLS 1.3" },
        { new() { BooleanExpression = new() { Operator = BooleanOperator.IsTrue, AddressListId = "al-1" } }, "Recipient address is in address list vip" },
        { new() { BooleanExpression = new() { Operator = BooleanOperator.IsFalse, AddressListId = "al-1" } }, "Recipient address is not in address list vip" },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Each_condition_reads_as_a_phrase(PolicyCondition condition, string expected) =>
        Assert.Equal(expected, PolicyStatementText.Condition(condition, id => id == "al-1" ? "vip" : id));

    [Fact]
    public void A_statement_reads_as_its_action_when_all_its_conditions_hold()
    {
        var statement = new PolicyStatement
        {
            Action = AcceptAction.Deny,
            Conditions =
            [
                new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = ["10.0.0.0/8"] } },
                new() { StringExpression = new() { Operator = StringOperator.EndsWith, Values = ["@example.com"] } },
            ],
        };

        Assert.Equal("Deny when Sender IP range CIDR matches 10.0.0.0/8 and Recipient address ends with @example.com", PolicyStatementText.Sentence(statement, id => id));
    }
}
