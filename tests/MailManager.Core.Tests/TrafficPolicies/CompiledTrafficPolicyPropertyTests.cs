using System.Net;
using System.Net.Sockets;
using CsCheck;
using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Core.Tests.TrafficPolicies;

/// <summary>
/// The compiled policy shares one index per operand between all its conditions; each condition on its own is decided by
/// the one-condition matchers (<see cref="StringMatcher"/>, <see cref="CidrSet"/>, <see cref="TlsRequirement"/>,
/// <see cref="AddressListMatcher"/>). Random policies over a small alphabet of values, so that values collide, nest
/// and share prefixes, must give the same condition results and verdicts both ways.
/// </summary>
public sealed class CompiledTrafficPolicyPropertyTests
{
    private static readonly string[] Addresses =
    [
        "a@example.com", "A@Example.com", "ab@example.com", "b+tag@example.com", "a@sub.example.com", "x@example.org",
        "ab@ex", "@", "a", "sales@partners.example.com", "user1@example.com",
    ];

    private static readonly string[] StringValues =
    [
        "a", "A@", "ab", "@example.com", "@Example.COM", "example", "a@example.com", "com", "@", "b+tag", "sub.", "x@example.org",
        "partners", "user1@example.com", "ab@ex", "zzz",
    ];

    private static readonly string[] Ipv4Blocks =
    [
        "10.0.0.0/8", "10.1.0.0/16", "10.1.2.3/32", "10.1.2.4/31", "0.0.0.0/0", "192.168.0.0/24", "192.168.1.0/24", "203.0.113.0/25",
        "255.255.255.255/32", "127.0.0.0/8",
    ];

    private static readonly string[] Ipv6Blocks = ["2001:db8::/32", "2001:db8:1::/48", "::/0", "fe80::/10", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "::1/128"];

    private static readonly IPAddress[] Senders =
    [
        IPAddress.Parse("10.1.2.3"), IPAddress.Parse("10.1.2.5"), IPAddress.Parse("192.168.1.255"), IPAddress.Parse("255.255.255.255"),
        IPAddress.Parse("127.0.0.1"), IPAddress.Parse("::ffff:10.1.2.3"), IPAddress.Parse("2001:db8:1::9"), IPAddress.Parse("::1"),
        IPAddress.Parse("fe80::1"), IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), IPAddress.Parse("203.0.113.200"),
    ];

    private static readonly AddressListMatcher ListA = new(["a@example.com", "*@partners.example.com", "user*@example.com"]);
    private static readonly AddressListMatcher ListB = new(["*.example.com", "x@example.org"]);

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static AddressListMatcher? List(string id) => id switch { "al-a" => ListA, "al-b" => ListB, _ => null };

    private static readonly Gen<PolicyCondition> Condition = Gen.OneOf(
        Gen.Select(Gen.Enum<StringOperator>(), Pick(StringValues).List[1, 4],
            (op, values) => new PolicyCondition { StringExpression = new() { Operator = op, Values = values } }),
        Gen.Select(Gen.Enum<IpOperator>(), Pick(Ipv4Blocks).List[1, 4],
            (op, values) => new PolicyCondition { IpExpression = new() { Operator = op, Values = values } }),
        Gen.Select(Gen.Enum<IpOperator>(), Pick(Ipv6Blocks).List[1, 3],
            (op, values) => new PolicyCondition { Ipv6Expression = new() { Operator = op, Values = values } }),
        Gen.Select(Gen.Enum<TlsOperator>(), Gen.Enum<TlsVersion>(),
            (op, version) => new PolicyCondition { TlsExpression = new() { Operator = op, Value = version } }),
        Gen.Select(Gen.Enum<BooleanOperator>(), Pick("al-a", "al-b"),
            (op, id) => new PolicyCondition { BooleanExpression = new() { Operator = op, AddressListId = id } }));

    private static readonly Gen<PolicyStatement> Statement = Gen.Select(Gen.Enum<AcceptAction>(), Condition.List[1, 10],
        (action, conditions) => new PolicyStatement { Action = action, Conditions = conditions });

    private static readonly Gen<RecipientFacts> Facts = Gen.Select(Pick(Addresses), Pick(Senders),
        Pick<TlsVersion?>(null, TlsVersion.Tls1_2, TlsVersion.Tls1_3),
        (recipient, sender, tls) => new RecipientFacts(recipient, sender, tls));

    [Fact]
    public void Shared_indexes_decide_every_condition_as_its_own_matcher_does()
    {
        Gen.Select(Statement.List[0, 20], Gen.Enum<AcceptAction>(), Facts.Array[1, 8]).Sample((statements, defaultAction, facts) =>
        {
            CompiledTrafficPolicy compiled = CompiledTrafficPolicy.Compile(defaultAction, statements, List);
            foreach (RecipientFacts fact in facts)
            {
                bool[][] expected = [.. statements.Select(s => s.Conditions.Select(c => Holds(c, fact)).ToArray())];
                var explained = compiled.Explain(fact);
                for (int s = 0; s < statements.Count; s++)
                {
                    if (explained[s].StatementIndex != s || !explained[s].ConditionResults.SequenceEqual(expected[s]))
                    {
                        return false;
                    }
                }

                if (compiled.Evaluate(fact) != ExpectedVerdict(statements, expected, defaultAction))
                {
                    return false;
                }
            }

            return true;
        }, iter: 3_000);
    }

    /// <summary>SES's order, written the plain way: any matching DENY (the first), else any matching ALLOW, else the default.</summary>
    private static TrafficPolicyVerdict ExpectedVerdict(List<PolicyStatement> statements, bool[][] results, AcceptAction defaultAction)
    {
        foreach (AcceptAction action in (AcceptAction[])[AcceptAction.Deny, AcceptAction.Allow])
        {
            for (int s = 0; s < statements.Count; s++)
            {
                if (statements[s].Action == action && results[s].All(r => r))
                {
                    return new TrafficPolicyVerdict(action == AcceptAction.Allow, s);
                }
            }
        }

        return new TrafficPolicyVerdict(defaultAction == AcceptAction.Allow, -1);
    }

    private static bool Holds(PolicyCondition condition, RecipientFacts facts)
    {
        if (condition.StringExpression is { } text)
        {
            return new StringMatcher(text.Operator, text.Values).Matches(facts.Recipient);
        }

        if ((condition.IpExpression ?? condition.Ipv6Expression) is { } ip)
        {
            CidrSet blocks = CidrSet.Parse(condition.IpExpression is null ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, ip.Values);
            return blocks.Contains(facts.SenderIp) != (ip.Operator == IpOperator.NotCidrMatches);
        }

        if (condition.TlsExpression is { } tls)
        {
            return new TlsRequirement(tls.Operator, tls.Value).IsMetBy(facts.Tls);
        }

        IngressBooleanExpression list = condition.BooleanExpression!;
        return List(list.AddressListId)!.Contains(facts.Recipient) != (list.Operator == BooleanOperator.IsFalse);
    }
}
