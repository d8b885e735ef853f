using MailManager.Core.RuleSets.Actions;
using MailManager.Core.IngressPoints;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets;
using MailManager.Data.IngressPoints;
using MailManager.Data.Messages;
using MailManager.Data.RuleSets;
using MailManager.Data.TrafficPolicies;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Tests.MessageLog;

public sealed class MessageLogServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private readonly TemporaryStorage _storage = new();
    private MessageLogService Log => new(_storage.Get<IDbContextFactory<MailManagerDbContext>>());

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    private static ReceivedMessage Message(string id, int minute, string endpoint = "inp-a", MessageStatus status = MessageStatus.Delivered,
        string mailFrom = "sender@example.com", params string[] recipients) => new()
        {
            MessageId = id,
            IngressPointId = endpoint,
            IngressPointName = "endpoint-" + endpoint,
            SessionId = "s-" + id,
            ReceivedTimestamp = Start.AddMinutes(minute),
            SourceIp = "192.0.2.10",
            HeloName = "client.example.com",
            MailFrom = mailFrom,
            SizeBytes = 1000 + minute,
            Status = status,
            Subject = "Subject " + id,
            LastUpdatedTimestamp = Start.AddMinutes(minute),
            Recipients = (recipients.Length == 0 ? ["user@acme.test"] : recipients)
                .Select(r => new MessageRecipient { Address = r, Status = status }).ToList(),
        };

    private async Task InsertAsync(params ReceivedMessage[] messages)
    {
        await using var db = _storage.NewDbContext();
        db.Messages.AddRange(messages);
        await db.SaveChangesAsync();
    }

    private async Task<string[]> IdsAsync(MessageLogQuery query) =>
        (await Log.SearchAsync(query)).Items.Select(i => i.MessageId).ToArray();

    [Fact]
    public async Task Pages_are_newest_first_with_the_total_of_all_matches()
    {
        // Inserted out of order: the order comes from the received time, not the row order.
        await InsertAsync(Enumerable.Range(0, 7).Select(i => Message($"msg-{i}", minute: (i * 3) % 7)).ToArray());

        var first = await Log.SearchAsync(new MessageLogQuery { PageIndex = 0, PageSize = 3 });
        var last = await Log.SearchAsync(new MessageLogQuery { PageIndex = 2, PageSize = 3 });

        Assert.Equal(7, first.TotalCount);
        Assert.Equal([6, 5, 4], first.Items.Select(i => (int)(i.ReceivedTimestamp - Start).TotalMinutes));
        Assert.Equal(7, last.TotalCount);
        Assert.Equal([0], last.Items.Select(i => (int)(i.ReceivedTimestamp - Start).TotalMinutes));
    }

    [Fact]
    public async Task A_row_carries_the_envelope_summary_with_recipients_in_order()
    {
        await InsertAsync(Message("msg-1", 5, "inp-x", MessageStatus.Retrying, "Alice@Example.com", "b@acme.test", "a@acme.test"));

        var row = Assert.Single((await Log.SearchAsync(new MessageLogQuery())).Items);

        Assert.Equal("msg-1", row.MessageId);
        Assert.Equal(Start.AddMinutes(5), row.ReceivedTimestamp);
        Assert.Equal(("inp-x", "endpoint-inp-x"), (row.IngressPointId, row.IngressPointName));
        Assert.Equal("192.0.2.10", row.SourceIp);
        Assert.Equal("Alice@Example.com", row.MailFrom);
        Assert.Equal(["b@acme.test", "a@acme.test"], row.Recipients);
        Assert.Equal(1005, row.SizeBytes);
        Assert.Equal(MessageStatus.Retrying, row.Status);
        Assert.Equal("Subject msg-1", row.Subject);
    }

    [Fact]
    public async Task The_page_size_is_capped_at_100()
    {
        await InsertAsync(Enumerable.Range(0, 101).Select(i => Message($"msg-{i:D3}", i)).ToArray());

        var page = await Log.SearchAsync(new MessageLogQuery { PageSize = 10_000 });

        Assert.Equal(100, page.Items.Count);
        Assert.Equal(101, page.TotalCount);
    }

    [Fact]
    public async Task The_endpoint_filter_matches_exactly()
    {
        await InsertAsync(Message("msg-1", 1, "inp-a"), Message("msg-2", 2, "inp-b"), Message("msg-3", 3, "inp-ab"));

        Assert.Equal(["msg-2"], await IdsAsync(new MessageLogQuery { IngressPointId = "inp-b" }));
    }

    [Fact]
    public async Task The_status_filter_matches_exactly()
    {
        await InsertAsync(Message("msg-1", 1, status: MessageStatus.Failed), Message("msg-2", 2, status: MessageStatus.Delivered),
            Message("msg-3", 3, status: MessageStatus.Failed));

        var page = await Log.SearchAsync(new MessageLogQuery { Status = MessageStatus.Failed });

        Assert.Equal(["msg-3", "msg-1"], page.Items.Select(i => i.MessageId));
        Assert.Equal(2, page.TotalCount);
    }

    [Fact]
    public async Task The_address_filter_matches_a_recipient_or_mail_from_in_any_case()
    {
        await InsertAsync(
            Message("msg-1", 1, mailFrom: "Billing@Vendor.example", recipients: "ops@acme.test"),
            Message("msg-2", 2, mailFrom: "someone@else.example", recipients: ["ops@acme.test", "Jane.Doe@ACME.test"]),
            Message("msg-3", 3, mailFrom: "someone@else.example", recipients: "ops@acme.test"));

        Assert.Equal(["msg-2"], await IdsAsync(new MessageLogQuery { Address = "jane.doe@acme" }));
        Assert.Equal(["msg-1"], await IdsAsync(new MessageLogQuery { Address = "  BILLING@vendor " }));
        Assert.Equal(["msg-3", "msg-2", "msg-1"], await IdsAsync(new MessageLogQuery { Address = "OPS@" }));
        Assert.Empty(await IdsAsync(new MessageLogQuery { Address = "nobody" }));
    }

    [Fact]
    public async Task A_message_with_several_matching_recipients_is_listed_once()
    {
        await InsertAsync(Message("msg-1", 1, recipients: ["a@acme.test", "b@acme.test", "c@acme.test"]));

        var page = await Log.SearchAsync(new MessageLogQuery { Address = "acme" });

        Assert.Equal(1, page.TotalCount);
        Assert.Single(page.Items);
    }

    [Fact]
    public async Task Percent_and_underscore_in_the_address_are_plain_characters()
    {
        await InsertAsync(Message("msg-1", 1, recipients: "first_last@acme.test"), Message("msg-2", 2, recipients: "firstXlast@acme.test"));

        Assert.Equal(["msg-1"], await IdsAsync(new MessageLogQuery { Address = "first_last" }));
        Assert.Empty(await IdsAsync(new MessageLogQuery { Address = "%" }));
    }

    [Fact]
    public async Task Filters_combine()
    {
        await InsertAsync(
            Message("msg-1", 1, "inp-a", MessageStatus.Failed, recipients: "jane@acme.test"),
            Message("msg-2", 2, "inp-b", MessageStatus.Failed, recipients: "jane@acme.test"),
            Message("msg-3", 3, "inp-a", MessageStatus.Delivered, recipients: "jane@acme.test"),
            Message("msg-4", 4, "inp-a", MessageStatus.Failed, recipients: "john@acme.test"));

        var page = await Log.SearchAsync(new MessageLogQuery { IngressPointId = "inp-a", Status = MessageStatus.Failed, Address = "JANE" });

        Assert.Equal(["msg-1"], page.Items.Select(i => i.MessageId));
        Assert.Equal(1, page.TotalCount);
    }

    [Fact]
    public async Task Get_returns_the_message_with_recipients_and_actions_in_order_and_their_attempts()
    {
        var message = Message("msg-1", 1, recipients: ["a@acme.test", "b@acme.test"]);
        message.Headers = "Subject: Hello\r\n";
        message.Actions =
        [
            new MessageAction { RuleIndex = 1, ActionIndex = 0, Type = RuleActionType.Drop, Recipients = ["b@acme.test"], Status = MessageActionStatus.Succeeded },
            new MessageAction
            {
                RuleIndex = 0, RuleName = "to-exchange", ActionIndex = 0, Type = RuleActionType.Relay, Definition = RuleAction.OfRelay("rl-1"),
                Recipients = ["a@acme.test"], Status = MessageActionStatus.Succeeded, AttemptCount = 2,
                Attempts =
                [
                    new DeliveryAttempt { Timestamp = Start.AddMinutes(2), Outcome = DeliveryOutcome.TemporaryFailure, Reply = "451 4.3.0 Try later" },
                    new DeliveryAttempt { Timestamp = Start.AddMinutes(7), Outcome = DeliveryOutcome.Delivered, Reply = "250 2.0.0 OK queued" },
                ],
            },
        ];
        await InsertAsync(message);

        var loaded = await Log.GetAsync("msg-1");

        Assert.NotNull(loaded);
        Assert.Equal("Subject: Hello\r\n", loaded.Headers);
        Assert.Equal(["a@acme.test", "b@acme.test"], loaded.Recipients.Select(r => r.Address));
        Assert.Equal([(0, RuleActionType.Relay), (1, RuleActionType.Drop)], loaded.Actions.Select(a => (a.RuleIndex, a.Type)));
        Assert.Equal(["451 4.3.0 Try later", "250 2.0.0 OK queued"], loaded.Actions[0].Attempts.Select(a => a.Reply));
        Assert.Equal(DeliveryOutcome.Delivered, loaded.Actions[0].Attempts[1].Outcome);
        Assert.Null(await Log.GetAsync("msg-missing"));
    }

    [Fact]
    public async Task The_endpoints_to_filter_by_include_deleted_ones_that_still_have_messages()
    {
        var policy = await _storage.Get<TrafficPolicyService>().CreateAsync(new() { Name = "allow-all" });
        var ruleSet = await _storage.Get<RuleSetService>().CreateAsync(new() { Name = "rules" });
        var created = await _storage.Get<IngressPointService>().CreateAsync(new IngressPointDraft
        {
            Name = "inbound", TrafficPolicyId = policy.Id, RuleSetId = ruleSet.Id, Ports = IngressPortDraft.Of(2525),
        });
        Assert.True(created.Succeeded, created.Errors.ToString());
        await InsertAsync(Message("msg-1", 1, created.Id!), Message("msg-2", 2, "inp-gone"), Message("msg-3", 3, "inp-gone"));

        var endpoints = await Log.ListEndpointsAsync();

        Assert.Equal([new MessageLogEndpoint("inp-gone", "endpoint-inp-gone"), new MessageLogEndpoint(created.Id!, "inbound")], endpoints);
    }
}
