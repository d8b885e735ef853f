using System.Net;
using Bunit;
using MailManager.Core.AddressLists;
using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Core.VerdictLog;
using MailManager.Data.AddressLists;
using MailManager.Data.VerdictLog;
using MailManager.Web.Components.Pages.MessageLog;
using MailManager.Web.Tests.Infrastructure;

namespace MailManager.Web.Tests.MessageLog;

/// <summary>The sessions view answers "why was this mail refused?": the list names the refusal, the detail every condition.</summary>
public sealed class SessionLogPagesTests : ConsoleTestContext
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly TrafficPolicy Policy = new()
    {
        TrafficPolicyId = "tp-1",
        TrafficPolicyName = "inbound",
        DefaultAction = AcceptAction.Allow,
        PolicyStatements =
        [
            new() { Action = AcceptAction.Allow, Conditions = [new() { StringExpression = new() { Operator = StringOperator.Equals, Values = ["vip@example.com"] } }] },
            new() { Action = AcceptAction.Deny, Conditions = [new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = ["127.0.0.0/8"] } }] },
        ],
    };

    private async Task<long> LogSessionAsync(TrafficPolicy? policy = null, Func<string, AddressListMatcher?>? addressLists = null)
    {
        policy ??= Policy;
        var compiled = CompiledTrafficPolicy.Compile(policy.DefaultAction, policy.PolicyStatements, addressLists ?? (_ => null));
        var facts = new RecipientFacts("bob@example.com", IPAddress.Loopback, TlsVersion.Tls1_3);
        await Service<VerdictLogWriter>().WriteBatchAsync(
        [
            new SessionTrace
            {
                SessionId = "0a1b2c3d4e5f",
                IngressPointId = "inp-main",
                IngressPointName = "inbound-main",
                Policy = policy,
                CompiledPolicy = compiled,
                SourceIp = IPAddress.Loopback,
                HeloName = "mta.vendor.example",
                TlsProtocol = "TLSv1.3",
                TlsCipherSuite = "TLS_AES_256_GCM_SHA384",
                AuthenticatedUser = "inp-main",
                FailedAuthAttempts = 1,
                StartedTimestamp = Start,
                EndedTimestamp = Start.AddSeconds(2),
                EndReason = SessionEndReason.Quit,
                Recipients = [new RecipientTrace(Start, "billing@vendor.example", facts, compiled.Evaluate(facts))],
            },
        ], default);
        return (await Service<VerdictLogService>().SearchAsync(new SessionLogQuery())).Items.Single().Id;
    }

    [Fact]
    public async Task The_list_names_the_first_refusal_and_links_to_the_session()
    {
        var id = await LogSessionAsync();

        var page = Context.Render<SessionLogList>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr td[data-label='Refusal']")));
        var row = page.Find("tbody tr");
        Assert.Equal("bob@example.com: Policy statement 2 (Deny)", row.QuerySelector("td[data-label='Refusal']")!.TextContent.Trim());
        Assert.Equal("0 accepted, 1 refused", row.QuerySelector("td[data-label='Recipients']")!.TextContent.Trim());
        Assert.Equal($"message-log/sessions/{id}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Sessions (1)", page.Find("h2").TextContent);
    }

    [Fact]
    public async Task The_detail_shows_the_session_facts_and_every_conditions_result()
    {
        var id = await LogSessionAsync();

        var page = Context.Render<SessionLogDetail>(p => p.Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Contains("Session 0a1b2c3d4e5f", page.Find("h1").TextContent));
        string Item(string label) => page.FindAll(".detail-item").Single(i => i.QuerySelector("dt")!.TextContent.Trim() == label).QuerySelector("dd")!.TextContent.Trim();
        Assert.Equal("TLSv1.3 (TLS_AES_256_GCM_SHA384)", Item("TLS"));
        Assert.Equal("Succeeded as inp-main after 1 failed attempt", Item("Authentication"));
        Assert.Equal("mta.vendor.example", Item("HELO"));
        Assert.Equal("Policy statement 2 (Deny)", Item("Decided by"));
        var evaluation = page.Find("ul[aria-label='Policy statements evaluated for bob@example.com']");
        Assert.Equal(
            ["Recipient address Equals vip@example.com: false", "Sender IP range CIDR matches 127.0.0.0/8: true"],
            evaluation.Children.SelectMany(statement => statement.QuerySelector("ul")!.Children).Select(li => li.TextContent.Trim()));
        Assert.Equal(
            ["Policy statement 1 (Allow): not matched", "Policy statement 2 (Deny): matched"],
            evaluation.Children.Select(li => li.ChildNodes.First().TextContent.Trim()));
    }

    [Fact]
    public async Task An_address_list_condition_is_shown_with_the_lists_name()
    {
        var listId = (await Service<AddressListService>().CreateAsync(new AddressListDraft { Name = "staff" })).Id!;
        TrafficPolicy policy = new()
        {
            TrafficPolicyId = "tp-2",
            TrafficPolicyName = "staff-only",
            DefaultAction = AcceptAction.Deny,
            PolicyStatements = [new() { Action = AcceptAction.Allow, Conditions = [new() { BooleanExpression = new() { Operator = BooleanOperator.IsTrue, AddressListId = listId } }] }],
        };
        var id = await LogSessionAsync(policy, _ => new AddressListMatcher(["alice@example.com"]));

        var page = Context.Render<SessionLogDetail>(p => p.Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Contains("Session 0a1b2c3d4e5f", page.Find("h1").TextContent));
        var condition = page.Find("ul[aria-label='Policy statements evaluated for bob@example.com'] ul li");
        Assert.Equal("Recipient address is in address list staff Is true: false", condition.TextContent.Trim());
    }
}
