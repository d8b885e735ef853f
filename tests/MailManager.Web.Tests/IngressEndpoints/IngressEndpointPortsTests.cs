using Bunit;
using MailManager.Core.IngressPoints;
using MailManager.Web.Components.Pages.IngressEndpoints;
using MailManager.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MailManager.Web.Tests.IngressEndpoints;

/// <summary>Ports on the create form and on General details → Edit: what is proposed and why, editing, and the messages.</summary>
public sealed class IngressEndpointPortsTests : IngressTestContext
{
    private NavigationManager Navigation => Service<NavigationManager>();

    private IRenderedComponent<IngressEndpointCreate> RenderCreate()
    {
        var page = Context.Render<IngressEndpointCreate>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("form")));
        return page;
    }

    private IRenderedComponent<IngressEndpointEditGeneral> RenderEdit(string id)
    {
        var page = Context.Render<IngressEndpointEditGeneral>(p => p.Add(x => x.IngressPointId, id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("form")));
        return page;
    }

    private static string[] PortValues<T>(IRenderedComponent<T> page) where T : IComponent =>
        page.FindAll("label").Where(l => l.TextContent.Trim().StartsWith("Port ", StringComparison.Ordinal))
            .Select(l => page.InputValue(l.TextContent.Trim()) ?? "").ToArray();

    private static string? ProposalNote<T>(IRenderedComponent<T> page) where T : IComponent =>
        page.FindAll("[aria-label='Proposed ports']").SingleOrDefault()?.TextContent.Trim();

    private static void Remove<T>(IRenderedComponent<T> page, int number) where T : IComponent =>
        page.Find($"button[aria-label='Remove port {number}']").Click();

    [Fact]
    public void Without_privileges_free_ports_of_the_range_are_proposed_and_the_page_says_why()
    {
        var page = RenderCreate();

        Assert.Equal(["2525"], PortValues(page));
        Assert.Equal("Port 25 needs root or CAP_NET_BIND_SERVICE; proposing a free port of 2525–2599 instead.", ProposalNote(page));

        page.Check("Type", "Authenticated");

        // The form proposes again after a type change, asynchronously (it asks which ports are free).
        page.WaitForAssertion(() => Assert.Equal(["2525", "2526"], PortValues(page)));
        Assert.Equal("Ports 25 and 587 need root or CAP_NET_BIND_SERVICE; proposing free ports of 2525–2599 instead.", ProposalNote(page));
    }

    [Fact]
    public void With_privileges_the_seed_ports_are_proposed_25_for_open_and_25_and_587_for_authenticated()
    {
        HostPrivileges = Root;

        var page = RenderCreate();

        Assert.Equal(["25"], PortValues(page));
        Assert.Null(ProposalNote(page));
        page.Check("Type", "Authenticated");
        page.WaitForAssertion(() => Assert.Equal(["25", "587"], PortValues(page)));
        Assert.Null(ProposalNote(page));
        Assert.Contains("587 (message submission, RFC 2476)", page.Markup);
    }

    [Fact]
    public async Task With_privileges_but_25_taken_by_an_open_endpoint_an_authenticated_one_gets_587()
    {
        HostPrivileges = Root;
        await CreateEndpointAsync("mx-open", IngressPointType.Open, bindAddress: "0.0.0.0", ports: [25]);

        var page = RenderCreate();
        page.Check("Type", "Authenticated");

        page.WaitForAssertion(() => Assert.Equal(["587"], PortValues(page)));
        Assert.Equal("Port 25 is already used by ingress endpoint 'mx-open'; proposing 587 only.", ProposalNote(page));
    }

    [Fact]
    public void With_privileges_but_25_used_by_another_program_a_port_of_the_range_is_proposed()
    {
        HostPrivileges = Root;
        PortsInUseOnHost.Add(25);

        var page = RenderCreate();

        Assert.Equal(["2525"], PortValues(page));
        Assert.Equal("Port 25 is in use by another program on this host; proposing a free port of 2525–2599 instead.", ProposalNote(page));
    }

    [Fact]
    public void Ports_changed_by_hand_stay_when_the_type_changes()
    {
        var page = RenderCreate();
        page.FillIn("Port 1", "2600");

        page.Check("Type", "Authenticated");

        Assert.Equal(["2600"], PortValues(page));
    }

    [Fact]
    public void A_port_this_process_may_not_bind_is_warned_about_next_to_it()
    {
        var page = RenderCreate();

        page.FillIn("Port 1", "25");

        page.WaitForAssertion(() => Assert.Contains("Port 25 needs root or CAP_NET_BIND_SERVICE, which this process lacks", page.Field("Port 1")));
    }

    [Fact]
    public async Task Ports_can_be_added_and_removed_and_every_one_is_saved()
    {
        await CreateTrafficPolicyAsync();
        await CreateRuleSetAsync();
        var popovers = Context.Render<MudPopoverProvider>();
        var page = RenderCreate();
        FillValid(page, popovers);
        Assert.True(page.Find("button[aria-label='Remove port 1']").HasAttribute("disabled"));

        page.Press("Add port");
        page.FillIn("Port 2", "2610");
        page.Press("Add port");
        page.FillIn("Port 3", "2620");
        Remove(page, 2);
        Assert.Equal(["2525", "2620"], PortValues(page));
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Matches("/ingress-endpoints/inp-[a-z0-9]{26}$", Navigation.Uri));
        Assert.Equal([2525, 2620], Assert.Single(await Endpoints.ListAsync()).Ports);
    }

    [Fact]
    public async Task The_same_port_twice_and_an_empty_port_are_refused_next_to_them()
    {
        await CreateTrafficPolicyAsync();
        await CreateRuleSetAsync();
        var popovers = Context.Render<MudPopoverProvider>();
        var page = RenderCreate();
        FillValid(page, popovers);

        page.Press("Add port");
        page.FillIn("Port 2", "2525");
        page.Press("Add port");
        page.Find("form").Submit();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Port 2525 is listed twice.", page.Field("Port 2"));
            Assert.Contains("Enter the port.", page.Field("Port 3"));
        });
        Assert.DoesNotContain("listed twice", page.Field("Port 1"));
        Assert.Empty(await Endpoints.ListAsync());
    }

    [Fact]
    public async Task A_port_of_an_endpoint_on_another_address_is_refused_when_0_0_0_0_would_overlap_it_and_fine_elsewhere()
    {
        var trafficPolicyId = await CreateTrafficPolicyAsync();
        var ruleSetId = await CreateRuleSetAsync();
        await CreateEndpointAsync("loopback-only", IngressPointType.Open, trafficPolicyId: trafficPolicyId, ruleSetId: ruleSetId, ports: [2702]);
        var popovers = Context.Render<MudPopoverProvider>();
        var page = RenderCreate();
        FillValid(page, popovers);
        Assert.Equal("0.0.0.0", page.InputValue("Bind address"));

        page.FillIn("Port 1", "2702");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains(
            "Port 2702 is already used by ingress endpoint 'loopback-only' on 127.0.0.1: 0.0.0.0 listens on every IPv4 address of this host, 127.0.0.1 included, so binding it would fail.",
            page.Field("Port 1")));
        Assert.Single(await Endpoints.ListAsync());

        // Another address of the host may have the same port.
        page.FillIn("Bind address", "192.0.2.10");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Matches("/ingress-endpoints/inp-[a-z0-9]{26}$", Navigation.Uri));
        Assert.Equal(2, (await Endpoints.ListAsync()).Count(e => e.Ports.SequenceEqual([2702])));
    }

    [Fact]
    public async Task General_details_edit_shows_the_bind_address_and_every_port_and_saves_changes()
    {
        var id = await CreateEndpointAsync(ports: [2701, 2702]);
        var page = RenderEdit(id);
        Assert.Equal("127.0.0.1", page.InputValue("Bind address"));
        Assert.Equal(["2701", "2702"], PortValues(page));
        Assert.Contains("restarts the listener", page.Markup);

        page.FillIn("Bind address", "0.0.0.0");
        Remove(page, 1);
        page.Press("Add port");
        page.FillIn("Port 2", "2703");
        page.Press("Save changes");

        page.WaitForAssertion(() => Assert.EndsWith($"/ingress-endpoints/{id}", Navigation.Uri));
        var saved = (await Endpoints.GetAsync(id))!;
        Assert.Equal("0.0.0.0", saved.BindAddress);
        Assert.Equal([2702, 2703], saved.Ports);
    }

    [Fact]
    public async Task General_details_edit_refuses_another_endpoint_port_next_to_it_and_saves_nothing()
    {
        var trafficPolicyId = await CreateTrafficPolicyAsync();
        var ruleSetId = await CreateRuleSetAsync();
        await CreateEndpointAsync("mx-in", trafficPolicyId: trafficPolicyId, ruleSetId: ruleSetId, ports: [2525]);
        var id = await CreateEndpointAsync("submission", trafficPolicyId: trafficPolicyId, ruleSetId: ruleSetId, ports: [2587]);
        var page = RenderEdit(id);

        page.Check("Status", "Closed");
        page.Press("Add port");
        page.FillIn("Port 2", "2525");
        page.Press("Save changes");

        page.WaitForAssertion(() => Assert.Contains("Port 2525 on 127.0.0.1 is already used by ingress endpoint 'mx-in'.", page.Field("Port 2")));
        var unchanged = (await Endpoints.GetAsync(id))!;
        Assert.Equal([2587], unchanged.Ports);
        Assert.Equal(IngressPointStatusToUpdate.Active, unchanged.DesiredStatus);
        Assert.EndsWith("/", Navigation.Uri);
    }

    [Fact]
    public async Task General_details_edit_checks_the_bind_address_and_ports_before_saving()
    {
        var id = await CreateEndpointAsync();
        var page = RenderEdit(id);

        page.FillIn("Bind address", "mail.example.com");
        page.FillIn("Port 1", "70000");
        page.Press("Save changes");

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Enter an IP address to listen on", page.Field("Bind address"));
            Assert.Contains("The port must be between 1 and 65535.", page.Field("Port 1"));
        });
        Assert.Equal("127.0.0.1", (await Endpoints.GetAsync(id))!.BindAddress);
    }

    private static void FillValid(IRenderedComponent<IngressEndpointCreate> page, IRenderedComponent<MudPopoverProvider> popovers)
    {
        page.FillIn("Ingress endpoint name", "smtp-in");
        page.Choose(popovers, "Traffic policy", "allow-all");
        page.Choose(popovers, "Rule set", "drop-all");
    }
}
