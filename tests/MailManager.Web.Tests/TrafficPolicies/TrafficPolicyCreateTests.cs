using Bunit;
using MailManager.Data.TrafficPolicies;
using MailManager.Web.Components.Pages.TrafficPolicies;
using MailManager.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Tests.TrafficPolicies;

public sealed class TrafficPolicyCreateTests : ConsoleTestContext
{
    [Fact]
    public async Task Invalid_name_shows_a_message_next_to_the_field_and_saves_nothing()
    {
        var page = Context.Render<TrafficPolicyCreate>();

        page.FillIn("Traffic policy name", "x!");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("The name must be 3 to 63 characters long.", page.Markup));
        Assert.Empty(await Service<TrafficPolicyService>().ListAsync());
    }

    [Fact]
    public async Task A_name_already_taken_is_refused_with_a_field_message()
    {
        await Service<TrafficPolicyService>().CreateAsync(new() { Name = "inbound-policy" });
        var page = Context.Render<TrafficPolicyCreate>();

        page.FillIn("Traffic policy name", "inbound-policy");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("A traffic policy named 'inbound-policy' already exists.", page.Markup));
        Assert.Single(await Service<TrafficPolicyService>().ListAsync());
    }

    [Fact]
    public async Task A_valid_policy_is_saved_and_the_detail_page_opens()
    {
        var page = Context.Render<TrafficPolicyCreate>();

        page.FillIn("Traffic policy name", "allow-all");
        page.Find("form").Submit();

        var navigation = Services.GetService(typeof(NavigationManager)) as NavigationManager;
        page.WaitForAssertion(() => Assert.Matches("/traffic-policies/tp-[a-z0-9]{26}$", navigation!.Uri));
        var saved = Assert.Single(await Service<TrafficPolicyService>().ListAsync());
        Assert.Equal("allow-all", saved.TrafficPolicyName);
    }
}
