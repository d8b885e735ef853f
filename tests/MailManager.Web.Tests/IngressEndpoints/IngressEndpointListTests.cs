using Bunit;
using MailManager.Core.IngressPoints;
using MailManager.Data.IngressPoints;
using MailManager.Web.Components.Pages.IngressEndpoints;

namespace MailManager.Web.Tests.IngressEndpoints;

public sealed class IngressEndpointListTests : IngressTestContext
{
    [Fact]
    public async Task The_list_shows_name_id_status_type_and_a_record()
    {
        var id = await CreateEndpointAsync("smtp-in");

        var page = Context.Render<IngressEndpointList>();

        page.WaitForAssertion(() => Assert.Contains("smtp-in", page.Find("tbody").TextContent));
        Assert.Equal(["Name", "ID", "Status", "Type", "ARecord"], page.FindAll("thead th").Skip(1).Select(th => th.TextContent.Trim()));
        Assert.Equal(["smtp-in", id, "Provisioning", "Authenticated", "localhost"], page.FindAll("tbody td").Skip(1).Select(td => td.TextContent.Trim()));
        Assert.Equal($"ingress-endpoints/{id}", page.Find("tbody a").GetAttribute("href"));
    }

    [Fact]
    public async Task Statuses_follow_the_supervisor_until_a_deleted_endpoint_disappears()
    {
        var id = await CreateEndpointAsync("smtp-in");
        var page = Context.Render<IngressEndpointList>();
        page.WaitForAssertion(() => Assert.Contains("Provisioning", page.Find("tbody").TextContent));

        await Endpoints.SetStatusAsync(id, IngressPointStatus.Active, null);
        page.WaitForAssertion(() => Assert.Contains("Active", page.Find("tbody").TextContent));

        await Endpoints.DeleteAsync(id);
        page.WaitForAssertion(() => Assert.Contains("Deprovisioning", page.Find("tbody").TextContent));

        // The supervisor's part once the listener has stopped.
        await Endpoints.RemoveAsync(id);
        Service<IngressPointEvents>().RaiseConfigurationChanged(id);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("tbody")));
    }
}
