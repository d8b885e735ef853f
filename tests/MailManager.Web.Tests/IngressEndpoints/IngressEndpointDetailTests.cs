using Bunit;
using MailManager.Core.IngressPoints;
using MailManager.Web.Components.Pages.IngressEndpoints;

namespace MailManager.Web.Tests.IngressEndpoints;

public sealed class IngressEndpointDetailTests : IngressTestContext
{
    private IRenderedComponent<IngressEndpointDetail> RenderDetail(string id)
    {
        var page = Context.Render<IngressEndpointDetail>(p => p.Add(x => x.IngressPointId, id));
        page.WaitForAssertion(() => Assert.Contains("General details", page.Markup));
        return page;
    }

    [Fact]
    public async Task The_status_goes_from_provisioning_to_active_without_a_reload()
    {
        var id = await CreateEndpointAsync();
        var page = RenderDetail(id);
        Assert.Equal(id, page.Find("h1").TextContent.Trim());
        Assert.Contains(id, page.Find("nav[aria-label=Breadcrumb], [aria-label=Breadcrumb]").TextContent);
        Assert.Equal("Provisioning", page.Detail("General details", "Status"));

        // What the supervisor does once the port listens; the test never asks the page to render.
        await Endpoints.SetStatusAsync(id, IngressPointStatus.Active, null);

        page.WaitForAssertion(() => Assert.Equal("Active", page.Detail("General details", "Status")));
    }

    [Fact]
    public async Task A_failed_endpoint_shows_why()
    {
        var id = await CreateEndpointAsync();
        var page = RenderDetail(id);

        await Endpoints.SetStatusAsync(id, IngressPointStatus.Failed, "Port 2701 on 127.0.0.1 is already in use by another program.");

        page.WaitForAssertion(() =>
        {
            var status = page.Detail("General details", "Status");
            Assert.StartsWith("Failed", status);
            Assert.EndsWith("Port 2701 on 127.0.0.1 is already in use by another program.", status);
        });
    }

    [Fact]
    public async Task General_details_show_the_listener_and_tls_facts()
    {
        var id = await CreateEndpointAsync(ports: [2703, 2587]);

        var page = RenderDetail(id);

        Assert.Equal("inbound", page.Detail("General details", "Ingress endpoint name"));
        Assert.Equal("Authenticated", page.Detail("General details", "Type"));
        Assert.Equal("localhost", page.Detail("General details", "ARecord"));
        Assert.Equal("2587, 2703", page.Detail("General details", "Ports"));
        Assert.Equal("127.0.0.1", page.Detail("General details", "Bind address"));
        Assert.Equal("Yes", page.Detail("General details", "STARTTLS supported"));
        Assert.Equal("Optional", page.Detail("General details", "TLS policy"));
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", page.Detail("General details", "TLS certificate SHA-256 fingerprint"));
        Assert.Equal("drop-all", page.Detail("Rule set", "Rule set name"));
        Assert.Equal("allow-all", page.Detail("Traffic policy", "Traffic policy name"));
        Assert.Equal("1", page.Detail("Authentication", "SMTP password version"));
    }

    [Fact]
    public async Task Connection_details_give_the_user_name_in_base64_and_never_the_password()
    {
        var id = await CreateEndpointAsync(ports: [2704, 2705]);
        var base64Id = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(id));

        var page = RenderDetail(id);

        Assert.Equal("localhost", page.Detail("Connection details", "Host"));
        Assert.Equal("2704, 2705", page.Detail("Connection details", "Ports"));
        Assert.Equal(id, page.Detail("Connection details", "Username"));
        Assert.Equal(base64Id, page.Detail("Connection details", "Username in Base64"));
        var exchange = page.Find("pre").TextContent.Split('\n');
        Assert.Equal(
            ["S: 250 AUTH LOGIN PLAIN", "C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6", $"C: {base64Id}", "S: 334 UGFzc3dvcmQ6",
             "C: <Base64 of your password>", "S: 235 2.7.0 Authentication successful"],
            exchange);
        Assert.DoesNotContain(Password, page.Markup);
        Assert.DoesNotContain(IngressEndpointPasswordBase64(), page.Markup);
    }

    [Fact]
    public async Task An_open_endpoint_has_no_authentication_or_connection_details()
    {
        var id = await CreateEndpointAsync(type: IngressPointType.Open);

        var page = RenderDetail(id);

        Assert.Equal("Open", page.Detail("General details", "Type"));
        Assert.Empty(page.FindAll("section[aria-label=Authentication]"));
        Assert.Empty(page.FindAll("section[aria-label='Connection details']"));
    }

    [Fact]
    public async Task Removal_after_deletion_shows_that_the_endpoint_no_longer_exists()
    {
        var id = await CreateEndpointAsync();
        var page = RenderDetail(id);

        await Endpoints.DeleteAsync(id);
        page.WaitForAssertion(() => Assert.Equal("Deprovisioning", page.Detail("General details", "Status")));
        // The supervisor's part once the listener has stopped.
        await Endpoints.RemoveAsync(id);
        Service<MailManager.Data.IngressPoints.IngressPointEvents>().RaiseConfigurationChanged(id);

        page.WaitForAssertion(() => Assert.Contains("This ingress endpoint does not exist.", page.Markup));
    }

    [Fact]
    public void An_unknown_endpoint_says_so()
    {
        var page = Context.Render<IngressEndpointDetail>(p => p.Add(x => x.IngressPointId, "inp-missing"));

        page.WaitForAssertion(() => Assert.Contains("This ingress endpoint does not exist.", page.Markup));
    }

    private static string IngressEndpointPasswordBase64() => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Password));
}
