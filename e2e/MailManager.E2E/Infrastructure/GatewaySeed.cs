using MailManager.Core.RuleSets.Actions;
using MailManager.Core.IngressPoints;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Core.Secrets;
using MailManager.Core.TrafficPolicies;
using MailManager.Data;
using MailManager.Data.IngressPoints;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Data.Secrets;
using MailManager.Data.TrafficPolicies;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailManager.E2E.Infrastructure;

/// <summary>
/// Fills a data folder, through the real storage services, with what an administrator would have created in the
/// console: a secret, an SMTP relay using it, an allow-all traffic policy, a rule set relaying everything, and an open
/// endpoint. The published app started on that folder then listens and relays.
/// </summary>
public static class GatewaySeed
{
    /// <param name="rules">The rule set's rules given the relay's ID; by default one rule relaying everything.</param>
    public static async Task<string> OpenEndpointRelayingToAsync(
        string dataDirectory, int endpointPort, int relayPort, string userName, string password, Func<string, List<Rule>>? rules = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MailManager:DataDirectory"] = dataDirectory })
            .Build();
        await using (var services = new ServiceCollection().AddLogging().AddMailManagerStorage(configuration).BuildServiceProvider())
        {
            await services.MigrateStorageAsync();
            var secret = await services.GetRequiredService<SecretService>().CreateAsync(new SecretDraft
            {
                Name = "downstream-credentials",
                Entries = [new() { Key = "username", Value = userName }, new() { Key = "password", Value = password }],
            });
            var relay = await services.GetRequiredService<RelayService>().CreateAsync(new RelayDraft { Name = "downstream", ServerName = "127.0.0.1", ServerPort = relayPort, SecretId = secret.Id });
            var policy = await services.GetRequiredService<TrafficPolicyService>().CreateAsync(new TrafficPolicyDraft { Name = "allow-all", DefaultAction = AcceptAction.Allow });
            var ruleSet = await services.GetRequiredService<RuleSetService>().CreateAsync(new RuleSetDraft
            {
                Name = "relay-all",
                Rules = rules?.Invoke(relay.Id!) ?? [new Rule { Name = "relay", Actions = [RuleAction.OfRelay(relay.Id!)] }],
            });
            var endpoint = await services.GetRequiredService<IngressPointService>().CreateAsync(new IngressPointDraft
            {
                Name = "published-open",
                Type = IngressPointType.Open,
                TrafficPolicyId = policy.Id,
                RuleSetId = ruleSet.Id,
                BindAddress = "127.0.0.1",
                Ports = IngressPortDraft.Of(endpointPort),
            });
            foreach (var result in new[] { secret, relay, policy, ruleSet, endpoint })
            {
                Assert.True(result.Succeeded, result.Errors.ToString());
            }

            SqliteConnection.ClearAllPools();
            return endpoint.Id!;
        }
    }
}
