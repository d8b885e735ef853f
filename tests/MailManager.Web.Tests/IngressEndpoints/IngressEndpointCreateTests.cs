using Bunit;
using MailManager.Core.IngressPoints;
using MailManager.Ingress;
using MailManager.Web.Components.Pages.IngressEndpoints;
using MailManager.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MailManager.Web.Tests.IngressEndpoints;

public sealed class IngressEndpointCreateTests : IngressTestContext
{
    private NavigationManager Navigation => Service<NavigationManager>();

    private IRenderedComponent<IngressEndpointCreate> RenderCreate()
    {
        var page = Context.Render<IngressEndpointCreate>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("form")));
        return page;
    }

    [Fact]
    public void Without_a_traffic_policy_and_a_rule_set_the_page_explains_the_order_and_links_to_them()
    {
        var page = RenderCreate();

        var prerequisites = page.Find("[aria-label=Prerequisites]");
        Assert.Contains("Create a traffic policy and a rule set first", prerequisites.TextContent);
        Assert.Equal("Create traffic policy", page.Find("a[href='traffic-policies/create']").TextContent.Trim());
        Assert.Equal("Create rule set", page.Find("a[href='rule-sets/create']").TextContent.Trim());
        Assert.Contains("There are no traffic policies yet.", page.Field("Traffic policy"));
        Assert.Contains("There are no rule sets yet.", page.Field("Rule set"));
    }

    [Fact]
    public async Task With_both_prerequisites_there_is_no_prerequisite_message()
    {
        await CreateTrafficPolicyAsync();
        await CreateRuleSetAsync();

        var page = RenderCreate();

        Assert.Empty(page.FindAll("[aria-label=Prerequisites]"));
    }

    [Fact]
    public async Task The_bind_address_and_a_free_port_are_proposed()
    {
        var info = Service<IngressEndpointInfo>();
        await CreateEndpointAsync(port: info.PortRangeStart);

        var page = RenderCreate();

        Assert.Equal(info.DefaultBindAddress, page.InputValue("Bind address"));
        var port = int.Parse(page.InputValue("Port 1")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(port, info.PortRangeStart + 1, info.PortRangeEnd);
    }

    [Fact]
    public async Task Invalid_input_shows_messages_next_to_the_fields_and_saves_nothing()
    {
        await CreateTrafficPolicyAsync();
        await CreateRuleSetAsync();
        var page = RenderCreate();

        page.FillIn("Ingress endpoint name", "x!");
        page.Check("Type", "Authenticated");
        page.FillIn("Password", "short");
        page.Find("form").Submit();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("The name must be 3 to 63 characters long.", page.Field("Ingress endpoint name"));
            Assert.Contains("The SMTP password must be 8 to 64 characters long.", page.Field("Password"));
            Assert.Contains("Choose a traffic policy.", page.Field("Traffic policy"));
            Assert.Contains("Choose a rule set.", page.Field("Rule set"));
        });
        Assert.Empty(await Endpoints.ListAsync());
    }

    [Fact]
    public async Task A_port_another_endpoint_uses_on_the_same_address_is_refused_next_to_the_port()
    {
        var trafficPolicyId = await CreateTrafficPolicyAsync();
        var ruleSetId = await CreateRuleSetAsync();
        await CreateEndpointAsync("existing", IngressPointType.Open, 2702, trafficPolicyId, ruleSetId);
        var popovers = Context.Render<MudPopoverProvider>();
        var page = RenderCreate();

        FillValidOpenEndpoint(page, popovers);
        page.FillIn("Bind address", "127.0.0.1");
        page.FillIn("Port 1", "2702");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("Port 2702 on 127.0.0.1 is already used by ingress endpoint 'existing'.", page.Field("Port 1")));
        Assert.Single(await Endpoints.ListAsync());
    }

    [Fact]
    public async Task A_valid_authenticated_endpoint_is_saved_with_a_password_hash_and_its_page_opens()
    {
        var trafficPolicyId = await CreateTrafficPolicyAsync();
        var ruleSetId = await CreateRuleSetAsync();
        var popovers = Context.Render<MudPopoverProvider>();
        var page = RenderCreate();

        FillValidOpenEndpoint(page, popovers);
        page.Check("Type", "Authenticated");
        page.FillIn("Password", Password);
        page.Check("TLS policy", "Required");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Matches("/ingress-endpoints/inp-[a-z0-9]{26}$", Navigation.Uri));
        var saved = Assert.Single(await Endpoints.ListAsync());
        Assert.EndsWith("/ingress-endpoints/" + saved.IngressPointId, Navigation.Uri);
        Assert.Equal(("smtp-in", IngressPointType.Auth, IngressPointStatus.Provisioning), (saved.IngressPointName, saved.Type, saved.Status));
        Assert.Equal((trafficPolicyId, ruleSetId, TlsPolicy.Required), (saved.TrafficPolicyId, saved.RuleSetId, saved.TlsPolicy));
        Assert.NotNull(saved.SmtpPasswordHash);
        Assert.DoesNotContain(Password, saved.SmtpPasswordHash);
        Assert.True(SmtpPasswordHasher.Verify(Password, saved.SmtpPasswordHash));
        Assert.Null(saved.SecretId);
    }

    [Fact]
    public async Task A_secret_without_exactly_the_key_password_is_refused_next_to_the_secret()
    {
        await CreateTrafficPolicyAsync();
        await CreateRuleSetAsync();
        var secretId = await StoreSecretAsync("relay-login", "username", "password");
        var popovers = Context.Render<MudPopoverProvider>();
        var page = RenderCreate();

        FillValidOpenEndpoint(page, popovers);
        page.Check("Type", "Authenticated");
        page.Check("Authentication method", "Secret");
        page.Choose(popovers, "Secret name", $"relay-login ({secretId})");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains(
            "The secret 'relay-login' must contain exactly the key 'password'; it has 'username', 'password'.", page.Field("Secret name")));
        Assert.Empty(await Endpoints.ListAsync());
    }

    [Fact]
    public async Task Refresh_list_shows_a_secret_stored_meanwhile_and_an_endpoint_with_it_is_saved()
    {
        await CreateTrafficPolicyAsync();
        await CreateRuleSetAsync();
        var popovers = Context.Render<MudPopoverProvider>();
        var page = RenderCreate();
        FillValidOpenEndpoint(page, popovers);
        page.Check("Type", "Authenticated");
        page.Check("Authentication method", "Secret");

        var secretId = await StoreSecretAsync("endpoint-login", "password");
        page.Press("Refresh list");
        page.Choose(popovers, "Secret name", $"endpoint-login ({secretId})");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Matches("/ingress-endpoints/inp-[a-z0-9]{26}$", Navigation.Uri));
        var saved = Assert.Single(await Endpoints.ListAsync());
        Assert.Equal(secretId, saved.SecretId);
        Assert.Null(saved.SmtpPasswordHash);
    }

    [Fact]
    public void Create_new_links_to_the_secret_form_with_the_key_password_and_back_here()
    {
        var page = RenderCreate();
        page.Check("Type", "Authenticated");
        page.Check("Authentication method", "Secret");

        var link = page.FindAll("a").Single(a => a.TextContent.Trim() == "Create new");
        Assert.Equal("secrets/create?keys=password&returnUrl=%2Fingress-endpoints%2Fcreate", link.GetAttribute("href"));
    }

    [Fact]
    public async Task Returning_from_the_secret_form_selects_the_new_secret()
    {
        var secretId = await StoreSecretAsync("endpoint-login", "password");
        Navigation.NavigateTo($"ingress-endpoints/create?secretId={secretId}");

        var page = RenderCreate();

        page.WaitForAssertion(() => Assert.Equal($"endpoint-login ({secretId})", page.InputValue("Secret name")));
    }

    private static void FillValidOpenEndpoint(IRenderedComponent<IngressEndpointCreate> page, IRenderedComponent<MudPopoverProvider> popovers)
    {
        page.FillIn("Ingress endpoint name", "smtp-in");
        page.Choose(popovers, "Traffic policy", "allow-all");
        page.Choose(popovers, "Rule set", "drop-all");
    }
}
