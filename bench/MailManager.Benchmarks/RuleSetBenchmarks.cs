using System.Net;
using BenchmarkDotNet.Attributes;
using MailManager.Core.Conditions;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;
using MailManager.Core.RuleSets.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.Messages;

namespace MailManager.Benchmarks;

/// <summary>
/// The whole rule set for one recipient as acceptance runs it: 40 rules of 10 conditions (every kind, two address lists
/// of 100,000 members) and two actions each (an added header, a folder write), all applying, so every action is
/// planned. <see cref="PlanFortyRules"/> starts from the parsed headers (target: under 10 µs);
/// <see cref="ReadFactsFromHeaders"/> is what parsing a typical header block into those facts costs.
/// </summary>
[MemoryDiagnoser]
public class RuleSetBenchmarks
{
    private const string HeaderBlock =
        "Received: from mail-wr1-f41.google.com (mail-wr1-f41.google.com [10.20.30.40])\r\n\tby gateway.example.com with ESMTPS id abc\r\n" +
        "From: Alice Example <alice@gmail.com>\r\nTo: user42@example.com, \"Team\" <team@example.com>, another@example.com\r\n" +
        "Cc: =?UTF-8?Q?Caf=C3=A9?= <carol@example.org>\r\nSubject: =?UTF-8?B?TW9udGhseSByZXBvcnQgZm9yIE5vdmVtYmVy?=\r\n" +
        "Date: Wed, 02 Dec 2026 10:00:00 +0000\r\nMessage-ID: <abc@mail.gmail.com>\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\nX-Department: sales\r\nX-Mailer: bench";

    private CompiledRuleSet _ruleSet = default!;
    private MessageFacts _facts = default!;
    private ReceivedMessage _message = default!;
    private readonly string[] _recipients = ["user42@example.com"];

    [GlobalSetup]
    public void Setup()
    {
        AddressListMatcher staff = new(Enumerable.Range(0, 100_000).Select(i => $"user{i}@example.com"));
        AddressListMatcher partners = new(Enumerable.Range(0, 100_000).Select(i => $"contact{i}@partner{i % 100}.example"));
        var rules = new List<Rule>();
        for (int r = 0; r < 40; r++)
        {
            rules.Add(new Rule
            {
                Name = $"rule-{r}",
                Conditions =
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
                    new() { BooleanExpression = new() { Evaluate = new() { Attribute = RuleBooleanEmailAttribute.Tls }, Operator = BooleanOperator.IsTrue } },
                ],
                Unless =
                [
                    new() { BooleanExpression = new() { Evaluate = new() { IsInAddressList = new() { Attribute = RuleAddressListEmailAttribute.From, AddressListId = "partners" } }, Operator = BooleanOperator.IsTrue } },
                ],
                Actions =
                [
                    new RuleAction { AddHeader = new() { HeaderName = $"X-Rule-{r}", HeaderValue = "matched" } },
                    new RuleAction { WriteToS3 = new() { S3Bucket = "archive", S3Prefix = $"rule-{r}" } },
                ],
            });
        }
        _ruleSet = CompiledRuleSet.Compile(new RuleSet { RuleSetId = "rs-bench", Rules = rules }, id => id == "staff" ? staff : id == "partners" ? partners : null);
        _message = new ReceivedMessage
        {
            MessageId = "msg-bench",
            MailFrom = "alice@gmail.com",
            HeloName = "mail-wr1-f41.google.com",
            SourceIp = "10.20.30.40",
            TlsProtocol = "Tls13",
            SizeBytes = 24_576,
        };
        _facts = MessageFactsReader.Read(_message, HeaderBlock);
        if (_ruleSet.Evaluate(_facts, _recipients).Actions.Count != 80)
        {
            throw new InvalidOperationException("Every rule should apply to the benchmark's recipient.");
        }
    }

    private static RuleCondition Text(RuleStringEmailAttribute attribute, StringOperator op, params string[] values) =>
        new() { StringExpression = new() { Evaluate = new() { Attribute = attribute }, Operator = op, Values = [.. values] } };

    [Benchmark]
    public int PlanFortyRules() => _ruleSet.Evaluate(_facts, _recipients).Actions.Count;

    [Benchmark]
    public MessageFacts ReadFactsFromHeaders() => MessageFactsReader.Read(_message, HeaderBlock);
}
