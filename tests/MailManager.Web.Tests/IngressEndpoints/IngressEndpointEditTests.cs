using Bunit;
using MailManager.Core.IngressPoints;
using MailManager.Web.Components.Pages.IngressEndpoints;
using MailManager.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MailManager.Web.Tests.IngressEndpoints;

public sealed class IngressEndpointEditTests : IngressTestContext
{
    private NavigationManager Navigation => Service<NavigationManager>();

    [Fact]
    public async Task Closing_the_endpoint_saves_the_desired_status_closed()
    {
        var id = await CreateEndpointAsync();
        var page = Context.Render<IngressEndpointEditGeneral>(p => p.Add(x => x.IngressPointId, id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("form")));

        page.Check("Status", "Closed");
        page.Check("TLS policy", "Required");
        page.Press("Save changes");

        page.WaitForAssertion(() => Assert.EndsWith($"/ingress-endpoints/{id}", Navigation.Uri));
        var saved = (await Endpoints.GetAsync(id))!;
        Assert.Equal(IngressPointStatusToUpdate.Closed, saved.DesiredStatus);
        Assert.Equal(TlsPolicy.Required, saved.TlsPolicy);
    }

    [Fact]
    public async Task Another_rule_set_is_saved()
    {
        var id = await CreateEndpointAsync();
        var otherId = await CreateRuleSetAsync("relay-all");
        var popovers = Context.Render<MudPopoverProvider>();
        var page = Context.Render<IngressEndpointEditRuleSet>(p => p.Add(x => x.IngressPointId, id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("form")));

        page.Choose(popovers, "Rule set", "relay-all");
        page.Press("Save changes");

        page.WaitForAssertion(() => Assert.EndsWith($"/ingress-endpoints/{id}", Navigation.Uri));
        Assert.Equal(otherId, (await Endpoints.GetAsync(id))!.RuleSetId);
    }

    [Fact]
    public async Task Another_traffic_policy_is_saved()
    {
        var id = await CreateEndpointAsync();
        var otherId = await CreateTrafficPolicyAsync("deny-all");
        var popovers = Context.Render<MudPopoverProvider>();
        var page = Context.Render<IngressEndpointEditTrafficPolicy>(p => p.Add(x => x.IngressPointId, id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("form")));

        page.Choose(popovers, "Traffic policy", "deny-all");
        page.Press("Save changes");

        page.WaitForAssertion(() => Assert.EndsWith($"/ingress-endpoints/{id}", Navigation.Uri));
        Assert.Equal(otherId, (await Endpoints.GetAsync(id))!.TrafficPolicyId);
    }

    [Fact]
    public async Task A_new_smtp_password_replaces_the_old_one()
    {
        var id = await CreateEndpointAsync();
        var page = Context.Render<IngressEndpointEditAuthentication>(p => p.Add(x => x.IngressPointId, id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("form")));

        page.FillIn("New password", "x");
        page.Press("Save changes");
        page.WaitForAssertion(() => Assert.Contains("The SMTP password must be 8 to 64 characters long.", page.Field("New password")));

        page.FillIn("New password", "An0ther-Password");
        page.Press("Save changes");

        page.WaitForAssertion(() => Assert.EndsWith($"/ingress-endpoints/{id}", Navigation.Uri));
        var saved = (await Endpoints.GetAsync(id))!;
        Assert.True(SmtpPasswordHasher.Verify("An0ther-Password", saved.SmtpPasswordHash!));
        Assert.Equal(2, saved.SmtpPasswordVersion);
    }

    [Fact]
    public async Task An_open_endpoint_has_no_password_to_edit()
    {
        var id = await CreateEndpointAsync(type: IngressPointType.Open);

        var page = Context.Render<IngressEndpointEditAuthentication>(p => p.Add(x => x.IngressPointId, id));

        page.WaitForAssertion(() => Assert.Contains("An Open endpoint has no password.", page.Markup));
        Assert.Empty(page.FindAll("form"));
    }
}
