using Bunit;
using Bunit.Rendering;
using MailManager.Core.AddressLists;
using MailManager.Core.IngressPoints;
using MailManager.Core.Relays;
using MailManager.Data.AddressLists;
using MailManager.Data.Api;
using MailManager.Data.Relays;
using MailManager.Web.Components.Pages.AddressLists;
using MailManager.Web.Components.Pages.IngressEndpoints;
using MailManager.Web.Components.Pages.RuleSets;
using MailManager.Web.Components.Pages.Secrets;
using MailManager.Web.Components.Pages.SmtpRelays;
using MailManager.Web.Components.Pages.TrafficPolicies;
using MailManager.Web.Tests.IngressEndpoints;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Tests.ApiAccessKeys;

/// <summary>Tags set through the API (TagResource, Tags on create) show on the detail page of every taggable resource.</summary>
public sealed class ResourceTagsTests : IngressTestContext
{
    public static TheoryData<string> Resources => ["ingress endpoint", "traffic policy", "rule set", "SMTP relay", "address list", "secret"];

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task A_detail_page_shows_the_resource_s_tags_by_key(string resource)
    {
        var (id, render) = await CreateAsync(resource);
        await Service<ResourceTagService>().SetAsync(id, [new("team", "mail"), new("cost-center", "4711"), new("empty", "")]);
        await Service<ResourceTagService>().SetAsync("rl-" + new string('z', 26), [new("other", "resource")]);

        var page = render(id);

        page.WaitForAssertion(() => Assert.Contains("Tags (3)", page.Markup));
        var rows = page.FindAll("section[aria-label=Tags] tbody tr")
            .Select(r => (r.Children[0].TextContent, r.Children[1].TextContent)).ToArray();
        Assert.Equal([("cost-center", "4711"), ("empty", ""), ("team", "mail")], rows);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task A_resource_without_tags_says_so(string resource)
    {
        var (id, render) = await CreateAsync(resource);

        var page = render(id);

        page.WaitForAssertion(() => Assert.Contains("Tags (0)", page.Markup));
        Assert.Equal("No tags", page.FindAll("section[aria-label=Tags] p")[^1].TextContent.Trim());
        Assert.Empty(page.FindAll("section[aria-label=Tags] table"));
    }

    private async Task<(string Id, Func<string, IRenderedComponent<ContainerFragment>> Render)> CreateAsync(string resource) => resource switch
    {
        "ingress endpoint" => (await CreateEndpointAsync(type: IngressPointType.Open), id => Render<IngressEndpointDetail>(nameof(IngressEndpointDetail.IngressPointId), id)),
        "traffic policy" => (await CreateTrafficPolicyAsync(), id => Render<TrafficPolicyDetail>(nameof(TrafficPolicyDetail.TrafficPolicyId), id)),
        "rule set" => (await CreateRuleSetAsync(), id => Render<RuleSetDetail>(nameof(RuleSetDetail.RuleSetId), id)),
        "SMTP relay" => ((await Service<RelayService>().CreateAsync(new RelayDraft { Name = "to-exchange", ServerName = "mail.example.com", ServerPort = 25 })).Id!,
            id => Render<SmtpRelayDetail>(nameof(SmtpRelayDetail.RelayId), id)),
        "address list" => ((await Service<AddressListService>().CreateAsync(new AddressListDraft { Name = "staff" })).Id!,
            id => Render<AddressListDetail>(nameof(AddressListDetail.AddressListId), id)),
        "secret" => (await StoreSecretAsync("api-login", "password"), id => Render<SecretDetail>(nameof(SecretDetail.SecretId), id)),
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, null),
    };

    // Each page names its ID parameter after its resource; a fragment renders them all the same way.
    private IRenderedComponent<ContainerFragment> Render<TPage>(string idParameter, string id) where TPage : IComponent =>
        Context.Render(builder =>
        {
            builder.OpenComponent<TPage>(0);
            builder.AddAttribute(1, idParameter, id);
            builder.CloseComponent();
        });
}
