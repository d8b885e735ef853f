using System.Net;
using BenchmarkDotNet.Attributes;
using MailManager.Core.Conditions;
using MailManager.Core.RuleSets.Conditions;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Benchmarks;

/// <summary>
/// Which of 40 rules of 10 conditions each (the most SES allows) apply to one recipient of a message whose headers are
/// parsed: every condition kind, values of their own per rule, two address lists of 100,000 members. Matching the
/// message's facts happens once per message and is included. Target: under 10 µs.
/// </summary>
[MemoryDiagnoser]
public class RuleConditionBenchmarks
{
    private CompiledRuleConditions _rules = default!;
    private MessageFacts _message = default!;

    [GlobalSetup]
    public void Setup()
    {
        AddressListMatcher staff = new(Enumerable.Range(0, 100_000).Select(i => $"user{i}@example.com"));
        AddressListMatcher partners = new(Enumerable.Range(0, 100_000).Select(i => $"contact{i}@partner{i % 100}.example"));
        List<RuleConditions> rules = [];
        for (int r = 0; r < 40; r++)
        {
            List<RuleCondition> conditions =
            [
                Text(RuleStringEmailAttribute.MailFrom, StringOperator.EndsWith, $"@sender{r}.example", "@gmail.com"),
                Text(RuleStringEmailAttribute.Recipient, StringOperator.StartsWith, $"team{r}", "user"),
                Text(RuleStringEmailAttribute.From, StringOperator.Contains, $"x{r}y", "gmail"),
                Text(RuleStringEmailAttribute.Subject, StringOperator.Contains, $"ticket #{r}", "report"),
                new() { StringExpression = new() { Evaluate = new() { MimeHeaderAttribute = "X-Department" }, Operator = StringOperator.NotEquals, Values = [$"dept-{r}"] } },
                Text(RuleStringEmailAttribute.To, StringOperator.Equals, [.. Enumerable.Range(0, 9).Select(i => $"list{r}-{i}@example.com"), "user42@example.com"]),
                new() { NumberExpression = new() { Operator = RuleNumberOperator.LessThan, Value = 10_000_000 + r } },
                new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = [$"192.168.{r}.0/24", "10.0.0.0/8", $"2001:db8:{r:x}::/48"] } },
                new() { BooleanExpression = new() { Evaluate = new() { IsInAddressList = new() { Attribute = RuleAddressListEmailAttribute.Recipient, AddressListId = "staff" } }, Operator = BooleanOperator.IsTrue } },
                // Fails for the benchmark's message: every rule is decided by all its conditions.
                new() { BooleanExpression = new() { Evaluate = new() { Attribute = RuleBooleanEmailAttribute.TlsWrapped }, Operator = BooleanOperator.IsTrue } },
            ];
            List<RuleCondition> unless =
            [
                new() { BooleanExpression = new() { Evaluate = new() { IsInAddressList = new() { Attribute = RuleAddressListEmailAttribute.From, AddressListId = "partners" } }, Operator = BooleanOperator.IsTrue } },
            ];
            rules.Add(new RuleConditions(conditions, unless));
        }

        _rules = CompiledRuleConditions.Compile(rules, id => id == "staff" ? staff : id == "partners" ? partners : null);
        _message = new MessageFacts
        {
            MailFrom = "alice@gmail.com",
            Helo = "mail-wr1-f41.google.com",
            SourceIp = IPAddress.Parse("10.20.30.40"),
            Tls = true,
            SizeBytes = 24_576,
            From = ["alice@gmail.com"],
            To = ["user42@example.com", "team@example.com", "another@example.com"],
            Cc = ["carol@example.org"],
            Subject = "Monthly report for November",
            MimeHeaders = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["X-Department"] = ["sales"] },
        };
    }

    private static RuleCondition Text(RuleStringEmailAttribute attribute, StringOperator op, params string[] values) =>
        new() { StringExpression = new() { Evaluate = new() { Attribute = attribute }, Operator = op, Values = [.. values] } };

    [Benchmark]
    public ulong FortyRulesForOneRecipient() => _rules.For(_message).ApplyingRules("user42@example.com");
}
