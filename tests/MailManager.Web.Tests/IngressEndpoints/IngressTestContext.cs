using MailManager.Core.IngressPoints;
using MailManager.Core.RuleSets;
using MailManager.Core.Secrets;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.IngressPoints;
using MailManager.Data.RuleSets;
using MailManager.Data.Secrets;
using MailManager.Data.TrafficPolicies;
using MailManager.Web.Tests.Infrastructure;

namespace MailManager.Web.Tests.IngressEndpoints;

/// <summary>The console context with the prerequisites of an ingress endpoint made through the real services.</summary>
public abstract class IngressTestContext : ConsoleTestContext
{
    protected const string Password = "Sup3r-Secret!";

    protected IngressPointService Endpoints => Service<IngressPointService>();

    protected async Task<string> CreateTrafficPolicyAsync(string name = "allow-all") =>
        (await Service<TrafficPolicyService>().CreateAsync(new TrafficPolicyDraft { Name = name, DefaultAction = AcceptAction.Allow })).Id!;

    protected async Task<string> CreateRuleSetAsync(string name = "drop-all") =>
        (await Service<RuleSetService>().CreateAsync(new RuleSetDraft { Name = name, Rules = [new Rule { Actions = [RuleAction.Drop()] }] })).Id!;

    protected async Task<string> StoreSecretAsync(string name, params string[] keys) =>
        (await Service<SecretService>().CreateAsync(new SecretDraft
        {
            Name = name,
            Entries = keys.Select(k => new SecretEntryDraft { Key = k, Value = "v-" + k + "-123" }).ToList(),
        })).Id!;

    protected async Task<string> CreateEndpointAsync(
        string name = "inbound", IngressPointType type = IngressPointType.Auth, int port = 2701, string? trafficPolicyId = null, string? ruleSetId = null)
    {
        var result = await Endpoints.CreateAsync(new IngressPointDraft
        {
            Name = name,
            Type = type,
            SmtpPassword = Password,
            TrafficPolicyId = trafficPolicyId ?? await CreateTrafficPolicyAsync(),
            RuleSetId = ruleSetId ?? await CreateRuleSetAsync(),
            BindAddress = "127.0.0.1",
            Port = port,
        });
        Assert.True(result.Succeeded, result.Errors.ToString());
        return result.Id!;
    }
}
