using MailManager.Core.IngressPoints;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.IngressPoints;
using MailManager.Data.RuleSets;
using MailManager.Data.TrafficPolicies;

namespace MailManager.Data.Tests;

/// <summary>Where endpoints listen, as storage keeps and checks it: per (bind address, port), never two on one socket.</summary>
public sealed class IngressPointServiceTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private string _trafficPolicyId = "";
    private string _ruleSetId = "";

    private IngressPointService Endpoints => _storage.Get<IngressPointService>();

    public async Task InitializeAsync()
    {
        await _storage.InitializeAsync();
        _trafficPolicyId = (await _storage.Get<TrafficPolicyService>().CreateAsync(new TrafficPolicyDraft { Name = "allow-all", DefaultAction = AcceptAction.Allow })).Id!;
        _ruleSetId = (await _storage.Get<RuleSetService>().CreateAsync(new() { Name = "rules" })).Id!;
    }

    public Task DisposeAsync() => _storage.DisposeAsync();

    private IngressPointDraft Draft(string name, string bindAddress, params int[] ports) => new()
    {
        Name = name,
        Type = IngressPointType.Open,
        TrafficPolicyId = _trafficPolicyId,
        RuleSetId = _ruleSetId,
        BindAddress = bindAddress,
        Ports = IngressPortDraft.Of(ports),
    };

    private async Task<string> CreateAsync(string name, string bindAddress, params int[] ports)
    {
        var result = await Endpoints.CreateAsync(Draft(name, bindAddress, ports));
        Assert.True(result.Succeeded, result.Errors.ToString());
        return result.Id!;
    }

    private static IngressPointGeneralDraft General(string bindAddress, params int[] ports) => new()
    {
        Status = IngressPointStatusToUpdate.Active,
        BindAddress = bindAddress,
        Ports = IngressPortDraft.Of(ports),
        TlsPolicy = TlsPolicy.Optional,
    };

    [Fact]
    public async Task An_endpoint_is_stored_with_all_its_ports_in_order()
    {
        var id = await CreateAsync("submission", "127.0.0.1", 587, 25);

        var stored = (await Endpoints.GetAsync(id))!;

        Assert.Equal([25, 587], stored.Ports);
        Assert.Equal("127.0.0.1", stored.BindAddress);
    }

    [Fact]
    public async Task Two_endpoints_on_different_addresses_may_both_use_25()
    {
        await CreateAsync("mx-public", "192.0.2.10", 25);

        var second = await Endpoints.CreateAsync(Draft("mx-internal", "127.0.0.1", 25));

        Assert.True(second.Succeeded, second.Errors.ToString());
        Assert.Equal(2, (await Endpoints.ListAsync()).Count(e => e.Ports.Contains(25)));
    }

    [Fact]
    public async Task The_same_address_and_port_twice_is_refused_on_that_port_naming_the_other_endpoint()
    {
        await CreateAsync("smtp-mx", "127.0.0.1", 25);

        var result = await Endpoints.CreateAsync(Draft("submission", "127.0.0.1", 587, 25));

        Assert.False(result.Succeeded);
        Assert.Equal(["Ports[1].Port"], result.Errors.ByField.Keys);
        Assert.Equal("Port 25 on 127.0.0.1 is already used by ingress endpoint 'smtp-mx'.", Assert.Single(result.Errors.For("Ports[1].Port")));
        Assert.Single(await Endpoints.ListAsync());
    }

    [Theory]
    [InlineData("0.0.0.0", "127.0.0.1")]
    [InlineData("127.0.0.1", "0.0.0.0")]
    [InlineData("::", "127.0.0.1")]
    public async Task A_wildcard_address_overlaps_every_address_of_the_same_port(string existing, string wanted)
    {
        await CreateAsync("first", existing, 2525);

        var result = await Endpoints.CreateAsync(Draft("second", wanted, 2525));

        var message = Assert.Single(result.Errors.For("Ports[0].Port"));
        Assert.Contains("ingress endpoint 'first'", message);
        Assert.Contains("binding it", message);
        Assert.Single(await Endpoints.ListAsync());
    }

    [Fact]
    public async Task Invalid_ports_save_nothing()
    {
        var result = await Endpoints.CreateAsync(Draft("broken", "127.0.0.1", 2525, 2525));

        Assert.Equal("Port 2525 is listed twice.", Assert.Single(result.Errors.For("Ports[1].Port")));
        Assert.Empty(await Endpoints.ListAsync());
    }

    [Fact]
    public async Task Editing_moves_the_endpoint_and_announces_the_change()
    {
        var id = await CreateAsync("smtp-mx", "127.0.0.1", 2525);
        var changed = new List<string>();
        _storage.Get<IngressPointEvents>().ConfigurationChanged += changed.Add;

        var result = await Endpoints.UpdateGeneralAsync(id, General("0.0.0.0", 2526, 2525));

        Assert.True(result.Succeeded, result.Errors.ToString());
        var stored = (await Endpoints.GetAsync(id))!;
        Assert.Equal("0.0.0.0", stored.BindAddress);
        Assert.Equal([2525, 2526], stored.Ports);
        Assert.Equal([id], changed);
    }

    [Fact]
    public async Task An_edit_onto_another_endpoint_port_is_refused_and_changes_nothing()
    {
        await CreateAsync("smtp-mx", "127.0.0.1", 25);
        var id = await CreateAsync("submission", "127.0.0.1", 587);

        var onto = await Endpoints.UpdateGeneralAsync(id, General("127.0.0.1", 587, 25));
        var widened = await Endpoints.UpdateGeneralAsync(id, General("0.0.0.0", 587));

        Assert.Equal("Port 25 on 127.0.0.1 is already used by ingress endpoint 'smtp-mx'.", Assert.Single(onto.Errors.For("Ports[1].Port")));
        Assert.True(widened.Succeeded, widened.Errors.ToString());
        var stored = (await Endpoints.GetAsync(id))!;
        Assert.Equal("0.0.0.0", stored.BindAddress);
        Assert.Equal([587], stored.Ports);
    }

    [Fact]
    public async Task An_invalid_edit_is_refused_before_storage()
    {
        var id = await CreateAsync("smtp-mx", "127.0.0.1", 2525);

        var result = await Endpoints.UpdateGeneralAsync(id, General("not-an-address"));

        Assert.Single(result.Errors.For(nameof(IngressPointGeneralDraft.BindAddress)));
        Assert.Single(result.Errors.For(nameof(IngressPointGeneralDraft.Ports)));
        var stored = (await Endpoints.GetAsync(id))!;
        Assert.Equal("127.0.0.1", stored.BindAddress);
        Assert.Equal([2525], stored.Ports);
    }

    [Fact]
    public async Task Endpoints_created_at_the_same_time_cannot_both_take_a_port()
    {
        // Each create checks and saves in one write transaction, so one of them sees the other.
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => Endpoints.CreateAsync(Draft($"racer-{i}", "127.0.0.1", 2600)))));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(await Endpoints.ListAsync());
    }
}
