using MailManager.Core.RuleSets.Actions;
using MailManager.Core.IngressPoints;
using MailManager.Core.RuleSets;
using MailManager.Core.Secrets;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.IngressPoints;
using MailManager.Data.RuleSets;
using MailManager.Data.Secrets;
using MailManager.Data.TrafficPolicies;
using MailManager.Ingress;
using Microsoft.Extensions.DependencyInjection;
using MailManager.Web.Tests.Infrastructure;

namespace MailManager.Web.Tests.IngressEndpoints;

/// <summary>
/// The console context with the prerequisites of an ingress endpoint made through the real services, on a host whose
/// port facts the test decides: unprivileged (as a developer's machine) unless it says otherwise, every port free
/// except those in <see cref="PortsInUseOnHost"/>.
/// </summary>
public abstract class IngressTestContext : ConsoleTestContext
{
    protected const string Password = "Sup3r-Secret!";

    protected static readonly PortBindingPrivileges Unprivileged = new(false, 0, PortBindingPrivileges.DefaultUnprivilegedPortStart);
    protected static readonly PortBindingPrivileges Root = new(true, 0x000001ffffffffffUL, PortBindingPrivileges.DefaultUnprivilegedPortStart);

    protected IngressTestContext()
    {
        // Read when a page first needs the host's facts, so a test sets them in its first lines.
        Context.Services.AddSingleton(_ => new HostPorts(HostPrivileges, (_, port) => !PortsInUseOnHost.Contains(port)));
    }

    /// <summary>Whether this pretend process may bind 25 and 587; set before the first page renders.</summary>
    protected PortBindingPrivileges HostPrivileges { get; set; } = Unprivileged;

    /// <summary>Ports another program listens on, on this pretend host.</summary>
    protected HashSet<int> PortsInUseOnHost { get; } = [];

    protected IngressPointService Endpoints => Service<IngressPointService>();

    protected async Task<string> CreateTrafficPolicyAsync(string name = "allow-all") =>
        (await Service<TrafficPolicyService>().CreateAsync(new TrafficPolicyDraft { Name = name, DefaultAction = AcceptAction.Allow })).Id!;

    protected async Task<string> CreateRuleSetAsync(string name = "drop-all") =>
        (await Service<RuleSetService>().CreateAsync(new RuleSetDraft { Name = name, Rules = [new Rule { Actions = [RuleAction.OfDrop()] }] })).Id!;

    protected async Task<string> StoreSecretAsync(string name, params string[] keys) =>
        (await Service<SecretService>().CreateAsync(new SecretDraft
        {
            Name = name,
            Entries = keys.Select(k => new SecretEntryDraft { Key = k, Value = "v-" + k + "-123" }).ToList(),
        })).Id!;

    protected async Task<string> CreateEndpointAsync(
        string name = "inbound", IngressPointType type = IngressPointType.Auth, int port = 2701, string? trafficPolicyId = null, string? ruleSetId = null,
        string bindAddress = "127.0.0.1", int[]? ports = null)
    {
        var result = await Endpoints.CreateAsync(new IngressPointDraft
        {
            Name = name,
            Type = type,
            SmtpPassword = Password,
            TrafficPolicyId = trafficPolicyId ?? await CreateTrafficPolicyAsync(),
            RuleSetId = ruleSetId ?? await CreateRuleSetAsync(),
            BindAddress = bindAddress,
            Ports = IngressPortDraft.Of(ports ?? [port]),
        });
        Assert.True(result.Succeeded, result.Errors.ToString());
        return result.Id!;
    }
}
