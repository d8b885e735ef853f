using MailManager.Core.RuleSets.Actions;
using MailManager.Core.IngressPoints;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.IngressPoints;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Data.TrafficPolicies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MailManager.Ingress.Tests;

/// <summary>
/// The whole MailManager app in process with a data folder of its own: its SMTP listeners are real sockets.
/// A second instance on the same folder is "the app after a restart".
/// </summary>
public sealed class GatewayApp : WebApplicationFactory<Program>
{
    public GatewayApp(string dataDirectory, IDictionary<string, string?>? settings = null)
    {
        DataDirectory = dataDirectory;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    private readonly IDictionary<string, string?> _settings;

    public string DataDirectory { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("MailManager:DataDirectory", DataDirectory);
        builder.UseSetting("MailManager:Admin:Password", "Test-Admin-Pa55word!");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>
    /// A traffic policy, a rule set, and an endpoint using them; returns the endpoint ID. The rule set drops
    /// everything, or with <paramref name="keepInSpool"/> relays to a port where nothing listens, so accepted
    /// messages wait in the spool (retrying) for the test to look at.
    /// </summary>
    public async Task<string> CreateEndpointAsync(IngressPointDraft draft, AcceptAction defaultAction = AcceptAction.Allow, long? maxSize = null, bool keepInSpool = false)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var policy = await Get<TrafficPolicyService>().CreateAsync(new TrafficPolicyDraft { Name = "tp-" + suffix, DefaultAction = defaultAction, MaxMessageSizeBytes = maxSize });
        var action = RuleAction.OfDrop();
        if (keepInSpool)
        {
            var relay = await Get<RelayService>().CreateAsync(new RelayDraft { Name = "nowhere-" + suffix, ServerName = "127.0.0.1", ServerPort = FreePort.Next() });
            action = RuleAction.OfRelay(relay.Id!);
        }
        var ruleSet = await Get<RuleSetService>().CreateAsync(new RuleSetDraft { Name = "rs-" + suffix, Rules = [new Rule { Name = "act", Actions = [action] }] });
        draft.Name = string.IsNullOrEmpty(draft.Name) ? "inp-test-" + suffix : draft.Name;
        draft.TrafficPolicyId = policy.Id;
        draft.RuleSetId = ruleSet.Id;
        draft.BindAddress = "127.0.0.1";
        if (draft.Ports.All(p => p.Port is null))
        {
            draft.Ports = IngressPortDraft.Of(FreePort.Next());
        }
        var created = await Get<IngressPointService>().CreateAsync(draft);
        Assert.True(created.Succeeded, created.Errors.ToString());
        return created.Id!;
    }

    /// <summary>Waits, without sleeping blindly, until the endpoint reaches a status.</summary>
    public async Task<IngressPoint> WaitForStatusAsync(string id, IngressPointStatus status, TimeSpan? timeout = null)
    {
        var events = Get<IngressPointEvents>();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStatus(string changed, IngressPointStatus now)
        {
            if (changed == id && now == status)
            {
                reached.TrySetResult();
            }
        }
        events.StatusChanged += OnStatus;
        try
        {
            var endpoint = await Get<IngressPointService>().GetAsync(id);
            if (endpoint?.Status != status)
            {
                await reached.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(15));
            }
            return (await Get<IngressPointService>().GetAsync(id))!;
        }
        finally
        {
            events.StatusChanged -= OnStatus;
        }
    }

    /// <summary>
    /// Runs <paramref name="change"/> and waits, without sleeping blindly, until the endpoint has gone through Updating and
    /// settled on Active or Failed; returns it with every status it went through, in order.
    /// </summary>
    public async Task<(IngressPoint Endpoint, IReadOnlyList<IngressPointStatus> Statuses)> RestartAsync(string id, Func<Task> change, TimeSpan? timeout = null)
    {
        var events = Get<IngressPointEvents>();
        var seen = new List<IngressPointStatus>();
        var settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStatus(string changed, IngressPointStatus now)
        {
            if (changed != id)
            {
                return;
            }
            lock (seen)
            {
                seen.Add(now);
                if (seen.Contains(IngressPointStatus.Updating) && now is IngressPointStatus.Active or IngressPointStatus.Failed)
                {
                    settled.TrySetResult();
                }
            }
        }
        events.StatusChanged += OnStatus;
        try
        {
            await change();
            await settled.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(15));
        }
        finally
        {
            events.StatusChanged -= OnStatus;
        }
        List<IngressPointStatus> statuses;
        lock (seen)
        {
            statuses = [.. seen];
        }
        return ((await Get<IngressPointService>().GetAsync(id))!, statuses);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
