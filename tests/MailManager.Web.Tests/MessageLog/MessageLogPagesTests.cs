using MailManager.Core.RuleSets.Actions;
using AngleSharp.Dom;
using Bunit;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets;
using MailManager.Data;
using MailManager.Data.Messages;
using MailManager.Web.Components.Pages.MessageLog;
using MailManager.Web.Tests.Infrastructure;
using MailManager.Web.Tests.RuleSets;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;

namespace MailManager.Web.Tests.MessageLog;

public sealed class MessageLogPagesTests : ConsoleTestContext
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public MessageLogPagesTests()
    {
        // Until the storage registration names it, as the other resource services are.
        Context.Services.TryAddSingleton<MessageLogService>();
    }

    private static ReceivedMessage Message(string id, int minute, MessageStatus status, params string[] recipients) => new()
    {
        MessageId = id,
        IngressPointId = "inp-main",
        IngressPointName = "inbound-main",
        SessionId = "session-" + id,
        ReceivedTimestamp = Start.AddMinutes(minute),
        SourceIp = "198.51.100.7",
        HeloName = "mta.vendor.example",
        MailFrom = "billing@vendor.example",
        SizeBytes = 2048,
        Status = status,
        Subject = "Invoice " + id,
        LastUpdatedTimestamp = Start.AddMinutes(minute),
        Recipients = recipients.Select(r => new MessageRecipient { Address = r, Status = status }).ToList(),
    };

    private async Task InsertAsync(params ReceivedMessage[] messages)
    {
        await using var db = await Service<IDbContextFactory<MailManagerDbContext>>().CreateDbContextAsync();
        db.Messages.AddRange(messages);
        await db.SaveChangesAsync();
    }

    private static string[] Subjects(IRenderedComponent<MessageLogList> page) =>
        page.FindAll("tbody tr td[data-label='Subject']").Select(td => td.TextContent.Trim()).ToArray();

    // Tables are named by their caption, as a screen reader announces them.
    private static IElement Table<T>(IRenderedComponent<T> page, string caption) where T : IComponent =>
        page.FindAll("table").Single(t => t.QuerySelector("caption")?.TextContent.Trim() == caption);

    [Fact]
    public async Task The_list_shows_messages_newest_first_with_their_envelope()
    {
        await InsertAsync(
            Message("msg-old", 1, MessageStatus.Delivered, "jane@acme.test"),
            Message("msg-new", 2, MessageStatus.Failed, "a@acme.test", "b@acme.test", "c@acme.test"));

        var page = Context.Render<MessageLogList>();

        page.WaitForAssertion(() => Assert.Equal(["Invoice msg-new", "Invoice msg-old"], Subjects(page)));
        Assert.Equal(["Time (UTC)", "Endpoint", "Source IP", "MAIL FROM", "Recipients", "Size", "Status", "Subject"],
            page.FindAll("thead th").Select(th => th.TextContent.Trim()));
        var first = page.FindAll("tbody tr")[0];
        Assert.Equal("2026-11-23 08:02:00 UTC", first.QuerySelector("td[data-label='Time (UTC)']")!.TextContent.Trim());
        Assert.Equal("message-log/msg-new", first.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("inbound-main", first.QuerySelector("td[data-label='Endpoint']")!.TextContent.Trim());
        Assert.Equal("198.51.100.7", first.QuerySelector("td[data-label='Source IP']")!.TextContent.Trim());
        Assert.Equal("billing@vendor.example", first.QuerySelector("td[data-label='MAIL FROM']")!.TextContent.Trim());
        Assert.Equal("a@acme.test, b@acme.test +1 more", first.QuerySelector("td[data-label='Recipients']")!.TextContent.Trim());
        Assert.Equal("2 KB", first.QuerySelector("td[data-label='Size']")!.TextContent.Trim());
        Assert.Equal("Failed", first.QuerySelector("td[data-label='Status']")!.TextContent.Trim());
        Assert.Contains("Messages (2)", page.Find("h2").TextContent);
    }

    [Fact]
    public async Task The_status_filter_narrows_the_list()
    {
        await InsertAsync(
            Message("msg-1", 1, MessageStatus.Delivered, "jane@acme.test"),
            Message("msg-2", 2, MessageStatus.Failed, "john@acme.test"),
            Message("msg-3", 3, MessageStatus.Delivered, "joe@acme.test"));
        var popovers = Context.Render<MudPopoverProvider>();
        var page = Context.Render<MessageLogList>();
        page.WaitForAssertion(() => Assert.Equal(3, Subjects(page).Length));
        Assert.Equal("All", page.SelectedText("Status"));
        Assert.Equal("All", page.SelectedText("Ingress endpoint"));

        page.Choose(popovers, "Status", "Delivered");

        page.WaitForAssertion(() => Assert.Equal(["Invoice msg-3", "Invoice msg-1"], Subjects(page)));
        Assert.Contains("Messages (2)", page.Find("h2").TextContent);
    }

    [Fact]
    public async Task The_address_search_matches_recipients_in_any_case()
    {
        await InsertAsync(Message("msg-1", 1, MessageStatus.Delivered, "jane@acme.test"), Message("msg-2", 2, MessageStatus.Delivered, "john@acme.test"));
        var page = Context.Render<MessageLogList>();
        page.WaitForAssertion(() => Assert.Equal(2, Subjects(page).Length));

        page.FillIn("Address", "JANE@");
        page.Find("form[role=search]").Submit();

        page.WaitForAssertion(() => Assert.Equal(["Invoice msg-1"], Subjects(page)));
    }

    [Fact]
    public void With_nothing_received_the_list_says_so()
    {
        var page = Context.Render<MessageLogList>();

        page.WaitForAssertion(() => Assert.Contains("No messages yet", page.Markup));
        Assert.Contains("Messages appear here as soon as an ingress endpoint accepts them.", page.Markup);
    }

    [Fact]
    public async Task The_detail_shows_the_envelope_recipients_and_each_attempt_with_the_reply()
    {
        var message = Message("msg-1", 1, MessageStatus.Retrying, "jane@acme.test", "spam@acme.test");
        message.TlsProtocol = "TLSv1.3";
        message.TlsCipherSuite = "TLS_AES_256_GCM_SHA384";
        message.Recipients[0].Detail = "451 4.3.0 Mailbox busy";
        message.Recipients[1].Status = MessageStatus.Dropped;
        message.Recipients[1].Detail = "Dropped by rule 2";
        message.Actions =
        [
            new MessageAction
            {
                RuleIndex = 0, RuleName = "to-exchange", ActionIndex = 0, Type = RuleActionType.Relay, Definition = RuleAction.OfRelay("rl-exchange"),
                Recipients = ["jane@acme.test"], Status = MessageActionStatus.Retrying, AttemptCount = 1,
                NextAttemptTimestamp = Start.AddMinutes(10), ExpiresTimestamp = Start.AddHours(12),
                Attempts = [new DeliveryAttempt { Timestamp = Start.AddMinutes(2), Outcome = DeliveryOutcome.TemporaryFailure, Reply = "451 4.3.0 Mailbox busy" }],
            },
            new MessageAction { RuleIndex = 1, ActionIndex = 0, Type = RuleActionType.Drop, Recipients = ["spam@acme.test"], Status = MessageActionStatus.Succeeded },
        ];
        await InsertAsync(message);

        var page = Context.Render<MessageLogDetail>(p => p.Add(d => d.MessageId, "msg-1"));

        page.WaitForAssertion(() => Assert.Equal("msg-1", page.Find("h1").TextContent.Trim()));
        var envelope = page.Find("dl").TextContent;
        Assert.Contains("2026-11-23 08:01:00 UTC", envelope);
        Assert.Contains("198.51.100.7", envelope);
        Assert.Contains("mta.vendor.example", envelope);
        Assert.Contains("billing@vendor.example", envelope);
        Assert.Contains("2,048 bytes", envelope);
        var endpoint = page.FindAll("a").Single(a => a.TextContent.Trim() == "inbound-main");
        Assert.Equal("ingress-endpoints/inp-main", endpoint.GetAttribute("href"));

        var recipients = Table(page, "Recipients").QuerySelectorAll("tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToArray();
        Assert.Equal(["jane@acme.test", "Retrying", "451 4.3.0 Mailbox busy"], recipients[0]);
        Assert.Equal(["spam@acme.test", "Dropped", "Dropped by rule 2"], recipients[1]);

        Assert.Contains("TLSv1.3 (TLS_AES_256_GCM_SHA384)", page.Markup);
        Assert.Equal(["Rule 1 (to-exchange) · action 1: SMTP relay (rl-exchange)", "Rule 2 · action 1: Drop"],
            page.FindAll("h3[id^=action-]").Select(h => h.TextContent.Trim()));
        var attempt = Table(page, "Attempts of Rule 1 (to-exchange) · action 1: SMTP relay (rl-exchange)").QuerySelector("tbody tr")!
            .QuerySelectorAll("td").Select(td => td.TextContent.Trim());
        Assert.Equal(["2026-11-23 08:02:00 UTC", "Temporary failure", "451 4.3.0 Mailbox busy"], attempt);
        Assert.Contains("Headers are read when the message is processed.", page.Markup);
    }

    [Fact]
    public async Task The_detail_shows_each_rule_with_what_it_matched_and_what_its_actions_did()
    {
        var message = Message("msg-r", 1, MessageStatus.Delivered, "jane@acme.test");
        message.RuleMatches = [new RuleMatch(0, "gmail", ["jane@acme.test"]), new RuleMatch(1, "bulk", [])];
        message.Actions =
        [
            new MessageAction
            {
                Id = 1, RuleIndex = 0, RuleName = "gmail", ActionIndex = 0, Type = RuleActionType.AddHeader,
                Definition = new RuleAction { AddHeader = new AddHeaderAction { HeaderName = "X-Routed", HeaderValue = "gmail" } },
                Recipients = ["jane@acme.test"], Status = MessageActionStatus.Succeeded,
            },
            new MessageAction
            {
                Id = 2, RuleIndex = 0, RuleName = "gmail", ActionIndex = 1, Type = RuleActionType.Relay, Definition = RuleAction.OfRelay("rl-exchange"),
                AddedHeaders = [new AddedHeader("X-Routed", "gmail")], Recipients = ["jane@acme.test"], Status = MessageActionStatus.Succeeded,
            },
        ];
        await InsertAsync(message);

        var page = Context.Render<MessageLogDetail>(p => p.Add(d => d.MessageId, "msg-r"));

        page.WaitForAssertion(() => Assert.Equal("msg-r", page.Find("h1").TextContent.Trim()));
        var rules = Table(page, "Rules evaluated for this message").QuerySelectorAll("tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToArray();
        Assert.Equal(["Rule 1 (gmail)", "jane@acme.test", "Add header: Succeeded, SMTP relay: Succeeded"], rules[0]);
        Assert.Equal(["Rule 2 (bulk)", "None: the rule did not apply", "—"], rules[1]);
        Assert.Contains("X-Routed: gmail", page.Markup);
    }

    [Fact]
    public async Task The_detail_shows_the_headers_and_the_authenticated_user()
    {
        var message = Message("msg-1", 1, MessageStatus.Queued, "jane@acme.test");
        message.Headers = "From: Billing <billing@vendor.example>\r\nSubject: Invoice\r\n";
        message.AuthenticatedUser = "inp-main";
        await InsertAsync(message);

        var page = Context.Render<MessageLogDetail>(p => p.Add(d => d.MessageId, "msg-1"));

        page.WaitForAssertion(() => Assert.Contains("Subject: Invoice", page.Find("pre").TextContent));
        Assert.Contains("Yes, as inp-main", page.Markup);
        Assert.Contains("None", page.FindAll("dl")[1].TextContent);
        Assert.Contains("The rule set has not run for this message yet.", page.Markup);
    }

    [Fact]
    public void An_unknown_message_says_so()
    {
        var page = Context.Render<MessageLogDetail>(p => p.Add(d => d.MessageId, "msg-missing"));

        page.WaitForAssertion(() => Assert.Contains("This message does not exist.", page.Markup));
    }
}
