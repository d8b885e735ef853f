using System.Net;
using BenchmarkDotNet.Attributes;
using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Benchmarks;

/// <summary>
/// The per-recipient verdict of the largest policy SES allows: 20 statements of 10 conditions, with a 100,000-member
/// address list. In the worst case every statement's first nine conditions hold and its tenth fails, so all 200
/// conditions are decided; each statement's conditions differ from the others' (a value of their own), so no two
/// conditions are the same. Target: under 2 µs and no allocation per recipient.
/// </summary>
[MemoryDiagnoser]
public class TrafficPolicyBenchmarks
{
    private CompiledTrafficPolicy _policy = default!;
    private RecipientFacts _member;
    private RecipientFacts _worstCase;

    [GlobalSetup]
    public void Setup()
    {
        AddressListMatcher list = new(Enumerable.Range(0, 100_000).Select(i => $"user{i}@example.com").Append("*@partners.example.com"));
        List<PolicyStatement> statements = [];
        for (int s = 0; s < 20; s++)
        {
            List<PolicyCondition> conditions =
            [
                new() { StringExpression = new() { Operator = StringOperator.EndsWith, Values = [$"@example{s}.org", "@example.org", "@example.com"] } },
                new() { StringExpression = new() { Operator = StringOperator.NotEquals, Values = [$"blocked{s}@example.com", "abuse@example.com"] } },
                new() { StringExpression = new() { Operator = StringOperator.Contains, Values = [$"x{s}y", "@"] } },
                new() { StringExpression = new() { Operator = StringOperator.StartsWith, Values = [$"sales{s}", "user"] } },
                new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = [$"192.168.{s}.0/24", "10.0.0.0/8", "172.16.0.0/12"] } },
                new() { IpExpression = new() { Operator = IpOperator.NotCidrMatches, Values = [$"203.0.{s}.0/24"] } },
                new() { TlsExpression = new() { Operator = TlsOperator.MinimumTlsVersion, Value = TlsVersion.Tls1_2 } },
                new() { BooleanExpression = new() { Operator = BooleanOperator.IsTrue, AddressListId = "al-staff" } },
                new() { StringExpression = new() { Operator = StringOperator.Equals, Values = [.. Enumerable.Range(0, 50).Select(i => $"other{s}-{i}@example.com"), "user4242@example.com"] } },
                // The tenth fails for the worst-case recipient: every statement is evaluated to its end.
                new() { Ipv6Expression = new() { Operator = IpOperator.CidrMatches, Values = [$"2001:db8:{s:x}::/48"] } },
            ];
            statements.Add(new PolicyStatement { Action = s % 2 == 0 ? AcceptAction.Deny : AcceptAction.Allow, Conditions = conditions });
        }

        _policy = CompiledTrafficPolicy.Compile(AcceptAction.Deny, statements, id => id == "al-staff" ? list : null);
        _member = new RecipientFacts("carol@partners.example.com", IPAddress.Parse("198.51.100.5"), null);
        _worstCase = new RecipientFacts("user4242@example.com", IPAddress.Parse("10.20.30.40"), TlsVersion.Tls1_3);
    }

    [Benchmark]
    public TrafficPolicyVerdict WorstCaseRecipient() => _policy.Evaluate(_worstCase);

    [Benchmark]
    public TrafficPolicyVerdict EarlyOutRecipient() => _policy.Evaluate(_member);
}
