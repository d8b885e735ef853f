// Seeds a data folder for bench/smtp-ingress.sh through the real storage services: a traffic policy that
// allows everything, an SMTP relay to the benchmark's smtp-sink, a rule set relaying to it, and an open
// ingress endpoint on the given port. The app started on that folder then listens there.
// Flags after the ports: "drop" (the rule set discards instead of relaying) and "policy20" (the traffic policy is
// the largest SES allows, 20 statements of 10 conditions over a Deny default, and only its last Allow statement
// accepts the benchmark's recipient, so every recipient is decided by all 200 conditions), "rules40" (the rule set is
// the largest SES allows, 40 rules: 39 of 10 conditions on the envelope and the headers that do not hold for the
// benchmark's mail, each with an Add header, then one that adds a header and relays, so every message has its headers
// read and every rule evaluated).
using MailManager.Core.RuleSets.Actions;
using MailManager.Core.Conditions;
using MailManager.Core.IngressPoints;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Data;
using MailManager.Data.IngressPoints;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Data.TrafficPolicies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

string[] flags = args.Length > 3 ? args[3..] : [];
if (args.Length < 3 || !int.TryParse(args[1], out var endpointPort) || !int.TryParse(args[2], out var sinkPort)
    || flags.Except(["drop", "policy20", "rules40"]).Any())
{
    Console.Error.WriteLine("usage: MailManager.Bench <data-folder> <endpoint-port> <sink-port> [drop] [policy20] [rules40]");
    return 2;
}

var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?> { ["MailManager:DataDirectory"] = args[0] })
    .Build();
await using var services = new ServiceCollection().AddLogging().AddMailManagerStorage(configuration).BuildServiceProvider();
await services.MigrateStorageAsync();

var policy = await services.GetRequiredService<TrafficPolicyService>().CreateAsync(flags.Contains("policy20")
    ? new TrafficPolicyDraft { Name = "bench-20-statements", DefaultAction = AcceptAction.Deny, PolicyStatements = TwentyStatements() }
    : new TrafficPolicyDraft { Name = "bench-allow", DefaultAction = AcceptAction.Allow });
var relay = await services.GetRequiredService<RelayService>().CreateAsync(new RelayDraft { Name = "bench-sink", ServerName = "127.0.0.1", ServerPort = sinkPort });
var ruleSet = await services.GetRequiredService<RuleSetService>().CreateAsync(new RuleSetDraft
{
    Name = "bench-relay",
    // "drop" measures acceptance alone: the rule set discards instead of relaying.
    Rules = flags.Contains("rules40")
        ? FortyRules(relay.Id!)
        : [new Rule { Name = "relay-all", Actions = [flags.Contains("drop") ? RuleAction.OfDrop() : RuleAction.OfRelay(relay.Id!)] }],
});
var endpoint = await OpenEndpointAsync("bench-open", policy.Id, endpointPort);
foreach (var result in new[] { policy, relay, ruleSet, endpoint })
{
    if (!result.Succeeded)
    {
        Console.Error.WriteLine(result.Errors);
        return 1;
    }
}

// bench/verdict-flood.sh: a second open endpoint whose policy denies every recipient, the target of its flood.
if (Environment.GetEnvironmentVariable("MM_BENCH_DENY_PORT") is { Length: > 0 } denyPortText && int.TryParse(denyPortText, out var denyPort))
{
    var deny = await services.GetRequiredService<TrafficPolicyService>().CreateAsync(new TrafficPolicyDraft { Name = "bench-deny", DefaultAction = AcceptAction.Deny });
    var denied = await OpenEndpointAsync("bench-deny", deny.Id, denyPort);
    if (!deny.Succeeded || !denied.Succeeded)
    {
        Console.Error.WriteLine(deny.Succeeded ? denied.Errors : deny.Errors);
        return 1;
    }
}

Console.WriteLine(endpoint.Id);
return 0;

// An open endpoint on 127.0.0.1 with the benchmark's rule set.
Task<MailManager.Data.Common.SaveResult> OpenEndpointAsync(string name, string? trafficPolicyId, int port) =>
    services.GetRequiredService<IngressPointService>().CreateAsync(new IngressPointDraft
    {
        Name = name,
        Type = IngressPointType.Open,
        TrafficPolicyId = trafficPolicyId,
        RuleSetId = ruleSet.Id,
        BindAddress = "127.0.0.1",
        Ports = IngressPortDraft.Of(port),
    });

// Ten Deny and ten Allow statements of ten conditions each, values of their own per statement. For the benchmark's
// recipient sink@example.com from 127.0.0.1 without TLS, each Deny statement fails only on its last condition and
// each Allow statement but the last too; the last Allow statement holds.
static List<PolicyStatement> TwentyStatements() =>
[
    .. Enumerable.Range(0, 20).Select(s => new PolicyStatement
    {
        Action = s < 10 ? AcceptAction.Deny : AcceptAction.Allow,
        Conditions =
        [
            new() { StringExpression = new() { Operator = StringOperator.EndsWith, Values = [$"@example{s}.org", "@example.com"] } },
            new() { StringExpression = new() { Operator = StringOperator.NotEquals, Values = [$"blocked{s}@example.com"] } },
            new() { StringExpression = new() { Operator = StringOperator.Contains, Values = [$"x{s}y", "@"] } },
            new() { StringExpression = new() { Operator = StringOperator.StartsWith, Values = [$"sales{s}", "sink"] } },
            new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = [$"192.168.{s}.0/24", "127.0.0.0/8"] } },
            new() { IpExpression = new() { Operator = IpOperator.NotCidrMatches, Values = [$"203.0.{s}.0/24"] } },
            new() { Ipv6Expression = new() { Operator = IpOperator.NotCidrMatches, Values = [$"2001:db8:{s:x}::/48"] } },
            new() { StringExpression = new() { Operator = StringOperator.Equals, Values = [.. Enumerable.Range(0, 20).Select(i => $"other{s}-{i}@example.com"), "sink@example.com"] } },
            new() { StringExpression = new() { Operator = StringOperator.NotEquals, Values = [$"abuse{s}@example.com"] } },
            // The decider: only the last statement's tenth condition holds for the benchmark's recipient.
            new() { StringExpression = new() { Operator = StringOperator.Equals, Values = [s == 19 ? "sink@example.com" : $"nobody{s}@example.com"] } },
        ],
    }),
];

static List<Rule> FortyRules(string relayId)
{
    static RuleCondition Text(RuleStringEmailAttribute attribute, StringOperator op, string value) =>
        new() { StringExpression = new() { Evaluate = new() { Attribute = attribute }, Operator = op, Values = [value] } };

    var rules = new List<Rule>();
    for (var r = 0; r < 39; r++)
    {
        rules.Add(new Rule
        {
            Name = $"rule-{r}",
            Conditions =
            [
                Text(RuleStringEmailAttribute.MailFrom, StringOperator.EndsWith, "@"),
                Text(RuleStringEmailAttribute.Helo, StringOperator.NotEquals, "never.example"),
                Text(RuleStringEmailAttribute.Recipient, StringOperator.Contains, "@"),
                Text(RuleStringEmailAttribute.From, StringOperator.Contains, $"nobody-{r}.example"),
                Text(RuleStringEmailAttribute.Subject, StringOperator.NotEquals, $"ticket {r}"),
                Text(RuleStringEmailAttribute.To, StringOperator.NotEquals, $"list-{r}@example.com"),
                new() { StringExpression = new() { Evaluate = new() { MimeHeaderAttribute = "X-Department" }, Operator = StringOperator.NotEquals, Values = [$"dept-{r}"] } },
                new() { NumberExpression = new() { Operator = RuleNumberOperator.LessThan, Value = 100_000_000 } },
                new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = ["127.0.0.0/8", "::1/128"] } },
                new() { BooleanExpression = new() { Evaluate = new() { Attribute = RuleBooleanEmailAttribute.ReadReceiptRequested }, Operator = BooleanOperator.IsFalse } },
            ],
            Actions = [new RuleAction { AddHeader = new() { HeaderName = $"X-Rule-{r}", HeaderValue = "matched" } }],
        });
    }
    rules.Add(new Rule
    {
        Name = "relay-all",
        Actions = [new RuleAction { AddHeader = new() { HeaderName = "X-Bench", HeaderValue = "rules40" } }, RuleAction.OfRelay(relayId)],
    });
    return rules;
}
