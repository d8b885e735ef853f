// Seeds a data folder for bench/smtp-ingress.sh through the real storage services: a traffic policy that
// allows everything, an SMTP relay to the benchmark's smtp-sink, a rule set relaying to it, and an open
// ingress endpoint on the given port. The app started on that folder then listens there.
using MailManager.Core.IngressPoints;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Core.TrafficPolicies;
using MailManager.Data;
using MailManager.Data.IngressPoints;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Data.TrafficPolicies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

if (args.Length is < 3 or > 4 || !int.TryParse(args[1], out var endpointPort) || !int.TryParse(args[2], out var sinkPort))
{
    Console.Error.WriteLine("usage: MailManager.Bench <data-folder> <endpoint-port> <sink-port> [drop]");
    return 2;
}

var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?> { ["MailManager:DataDirectory"] = args[0] })
    .Build();
await using var services = new ServiceCollection().AddLogging().AddMailManagerStorage(configuration).BuildServiceProvider();
await services.MigrateStorageAsync();

var policy = await services.GetRequiredService<TrafficPolicyService>().CreateAsync(new TrafficPolicyDraft { Name = "bench-allow", DefaultAction = AcceptAction.Allow });
var relay = await services.GetRequiredService<RelayService>().CreateAsync(new RelayDraft { Name = "bench-sink", ServerName = "127.0.0.1", ServerPort = sinkPort });
var ruleSet = await services.GetRequiredService<RuleSetService>().CreateAsync(new RuleSetDraft
{
    Name = "bench-relay",
    // "drop" measures acceptance alone: the rule set discards instead of relaying.
    Rules = [new Rule { Name = "relay-all", Actions = [args.ElementAtOrDefault(3) == "drop" ? RuleAction.Drop() : RuleAction.Relay(relay.Id!)] }],
});
var endpoint = await services.GetRequiredService<IngressPointService>().CreateAsync(new IngressPointDraft
{
    Name = "bench-open",
    Type = IngressPointType.Open,
    TrafficPolicyId = policy.Id,
    RuleSetId = ruleSet.Id,
    BindAddress = "127.0.0.1",
    Ports = IngressPortDraft.Of(endpointPort),
});
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
    var denied = await services.GetRequiredService<IngressPointService>().CreateAsync(new IngressPointDraft
    {
        Name = "bench-deny",
        Type = IngressPointType.Open,
        TrafficPolicyId = deny.Id,
        RuleSetId = ruleSet.Id,
        BindAddress = "127.0.0.1",
        Ports = IngressPortDraft.Of(denyPort),
    });
    if (!deny.Succeeded || !denied.Succeeded)
    {
        Console.Error.WriteLine(deny.Succeeded ? denied.Errors : deny.Errors);
        return 1;
    }
}

Console.WriteLine(endpoint.Id);
return 0;
