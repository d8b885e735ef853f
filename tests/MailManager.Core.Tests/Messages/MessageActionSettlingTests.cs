using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;

namespace MailManager.Core.Tests.Messages;

/// <summary>
/// How actions that run outside wait for each other, settle, and decide where recipients stand: ActionFailurePolicy
/// DROP holds back what follows for its recipients and drops them when it fails; rewrites keep their envelope
/// recipients; a failure for good asks for a notice to the sender.
/// </summary>
public sealed class MessageActionSettlingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static ReceivedMessage Message(params MessageAction[] actions) => new()
    {
        MessageId = "msg-1",
        MailFrom = "sender@example.org",
        ReceivedTimestamp = Now,
        Recipients = [new() { Address = "a@x.test" }, new() { Address = "b@x.test" }],
        Actions = [.. actions],
    };

    private static MessageAction Relay(int rule, string[] recipients, ActionFailurePolicy failure = ActionFailurePolicy.Continue, long id = 0) => new()
    {
        Id = id,
        RuleIndex = rule,
        Type = RuleActionType.Relay,
        Definition = RuleAction.OfRelay($"rl-{rule}", failure: failure),
        Recipients = [.. recipients],
        Status = MessageActionStatus.Pending,
        NextAttemptTimestamp = Now,
        ExpiresTimestamp = Now.AddHours(1),
    };

    [Fact]
    public void Actions_after_one_with_failure_policy_drop_wait_for_it_on_the_same_recipients_only()
    {
        var message = Message(
            Relay(0, ["a@x.test"], ActionFailurePolicy.Drop, id: 1),
            Relay(1, ["a@x.test", "b@x.test"], id: 2),
            Relay(2, ["b@x.test"], id: 3));

        MessageActionOrder.Release(message, Now);

        Assert.Equal([MessageActionStatus.Pending, MessageActionStatus.Waiting, MessageActionStatus.Pending], message.Actions.Select(a => a.Status));
    }

    [Fact]
    public void When_the_drop_policy_action_fails_its_recipients_leave_the_waiting_actions()
    {
        var barrier = Relay(0, ["a@x.test"], ActionFailurePolicy.Drop, id: 1);
        var message = Message(barrier, Relay(1, ["a@x.test", "b@x.test"], id: 2), Relay(2, ["a@x.test"], id: 3));
        MessageActionOrder.Release(message, Now);

        MessageAttempts.Record(message, barrier, [new(["a@x.test"], DeliveryOutcome.PermanentFailure, "550 5.1.1 no such user")], Now, Now.AddMinutes(1));
        MessageActionOrder.Release(message, Now);
        MessageProcessingStatus.Recompute(message, Now);

        Assert.Equal(MessageActionStatus.Pending, message.Actions[1].Status);
        Assert.Equal(["b@x.test"], message.Actions[1].Recipients);
        Assert.Equal(MessageActionStatus.Skipped, message.Actions[2].Status);
        Assert.Equal((MessageStatus.Failed, "550 5.1.1 no such user"), (message.Recipients[0].Status, message.Recipients[0].Detail));
    }

    [Fact]
    public void When_the_drop_policy_action_succeeds_the_waiting_actions_go()
    {
        var barrier = Relay(0, ["a@x.test"], ActionFailurePolicy.Drop, id: 1);
        var message = Message(barrier, Relay(1, ["a@x.test"], id: 2));
        MessageActionOrder.Release(message, Now);

        MessageAttempts.Record(message, barrier, [new(["a@x.test"], DeliveryOutcome.Delivered, "250 ok")], Now, Now);
        MessageActionOrder.Release(message, Now);

        Assert.Equal((MessageActionStatus.Pending, Now), (message.Actions[1].Status, message.Actions[1].NextAttemptTimestamp!.Value));
    }

    [Fact]
    public void Outcomes_that_differ_split_the_action_and_each_part_keeps_its_recipients_origins()
    {
        var relay = Relay(0, ["team@x.test", "copy@x.test"], id: 1);
        relay.Origins = new() { ["team@x.test"] = ["a@x.test"], ["copy@x.test"] = ["b@x.test"] };
        var message = Message(relay);

        MessageAttempts.Record(message, relay,
            [new(["team@x.test"], DeliveryOutcome.Delivered, "250 ok"), new(["copy@x.test"], DeliveryOutcome.TemporaryFailure, "451 later")],
            Now, Now.AddMinutes(5));
        MessageProcessingStatus.Recompute(message, Now);

        Assert.Equal(2, message.Actions.Count);
        Assert.Equal(["a@x.test"], message.Actions[0].Origins!["team@x.test"]);
        Assert.Equal((MessageActionStatus.Retrying, Now.AddMinutes(5)), (message.Actions[1].Status, message.Actions[1].NextAttemptTimestamp!.Value));
        Assert.Equal([MessageStatus.Delivered, MessageStatus.Retrying], message.Recipients.Select(r => r.Status));
    }

    [Fact]
    public void A_temporary_failure_at_the_expiry_fails_for_good_and_says_why()
    {
        var relay = Relay(0, ["a@x.test"], id: 1);
        var message = Message(relay);

        MessageAttempts.Record(message, relay, [new(["a@x.test"], DeliveryOutcome.TemporaryFailure, "451 busy")], Now.AddHours(1), Now.AddHours(2));

        Assert.Equal((MessageActionStatus.Failed, "Retry lifetime expired: 451 busy"), (relay.Status, relay.Attempts[^1].Reply));
    }

    public static TheoryData<string, MessageAction[], MessageStatus, string?> Statuses => new()
    {
        { "a drop", [new() { RuleIndex = 1, RuleName = "junk", Type = RuleActionType.Drop, Definition = RuleAction.OfDrop(), Recipients = ["a@x.test"], Status = MessageActionStatus.Succeeded }], MessageStatus.Dropped, "Dropped by rule 2 (junk)" },
        { "nothing", [], MessageStatus.Dropped, MessageProcessingStatus.NotDelivered },
        { "an added header alone delivers nothing", [new() { Type = RuleActionType.AddHeader, Definition = new() { AddHeader = new() { HeaderName = "X-A", HeaderValue = "1" } }, Recipients = ["a@x.test"], Status = MessageActionStatus.Succeeded }], MessageStatus.Dropped, MessageProcessingStatus.NotDelivered },
        { "a sent bounce", [new() { Type = RuleActionType.Bounce, Definition = new() { Bounce = new() }, Recipients = ["a@x.test"], Status = MessageActionStatus.Succeeded, Attempts = [new() { Reply = "Notification sent" }] }], MessageStatus.Dropped, "Bounced by rule 1: Notification sent" },
        { "a rewritten recipient delivered under its new address", [new() { Type = RuleActionType.Relay, Definition = RuleAction.OfRelay("rl-1"), Recipients = ["new@x.test"], Origins = new() { ["new@x.test"] = ["a@x.test"] }, Status = MessageActionStatus.Succeeded, Attempts = [new() { Reply = "250 ok" }] }], MessageStatus.Delivered, "250 ok" },
        { "a delivery to a folder", [new() { Type = RuleActionType.WriteToS3, Definition = new() { WriteToS3 = new() }, Recipients = ["a@x.test"], Status = MessageActionStatus.InProgress }], MessageStatus.Delivering, null },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Where_a_recipient_stands_follows_from_its_actions(string why, MessageAction[] actions, MessageStatus status, string? detail)
    {
        var message = Message(actions);

        MessageProcessingStatus.Recompute(message, Now);

        Assert.True((status, detail) == (message.Recipients[0].Status, message.Recipients[0].Detail), $"{why}: {message.Recipients[0].Status} {message.Recipients[0].Detail}");
    }

    [Fact]
    public void A_recipient_failed_by_a_delivering_action_gets_one_notice_to_the_sender()
    {
        var relay = Relay(0, ["a@x.test", "b@x.test"], id: 1);
        var message = Message(relay);
        MessageAttempts.Record(message, relay,
            [new(["a@x.test"], DeliveryOutcome.PermanentFailure, "550 5.1.1 unknown"), new(["b@x.test"], DeliveryOutcome.Delivered, "250 ok")], Now, Now);
        MessageProcessingStatus.Recompute(message, Now);

        Assert.True(FailureNotices.Add(message, Now, TimeSpan.FromHours(24)));
        Assert.False(FailureNotices.Add(message, Now, TimeSpan.FromHours(24)));

        var notice = Assert.Single(message.Actions, a => a.Type == RuleActionType.DeliveryStatusNotification);
        Assert.Equal(["a@x.test"], notice.Recipients);
        Assert.Equal((MessageActionStatus.Pending, Now.AddHours(24)), (notice.Status, notice.ExpiresTimestamp));
        MessageProcessingStatus.Recompute(message, Now);
        // The notice does not change where the message and its recipients stand.
        Assert.Equal((MessageStatus.Failed, MessageStatus.Failed), (message.Status, message.Recipients[0].Status));
    }

    [Fact]
    public void A_recipient_a_relay_delivered_is_delivered_even_when_an_archive_copy_fails_and_its_sender_is_not_told()
    {
        var relay = Relay(0, ["a@x.test"], id: 1);
        var archive = new MessageAction
        {
            Id = 2, RuleIndex = 1, Type = RuleActionType.Webhook, Definition = new() { Webhook = new() { Url = "https://hooks.example.com" } },
            Recipients = ["a@x.test"], Status = MessageActionStatus.Pending, ExpiresTimestamp = Now.AddHours(1),
        };
        var message = Message(relay, archive);
        message.Recipients.RemoveAt(1);

        MessageAttempts.Record(message, archive, [new(["a@x.test"], DeliveryOutcome.PermanentFailure, "HTTP 410 Gone")], Now, Now);
        MessageProcessingStatus.Recompute(message, Now);
        // While the relay is still to run, the recipient is not failed and nobody is told.
        Assert.Equal(MessageStatus.Delivering, message.Recipients[0].Status);
        Assert.False(FailureNotices.Add(message, Now, TimeSpan.FromHours(1)));

        MessageAttempts.Record(message, relay, [new(["a@x.test"], DeliveryOutcome.Delivered, "250 ok")], Now, Now);
        MessageProcessingStatus.Recompute(message, Now);

        Assert.Equal(MessageStatus.Delivered, message.Recipients[0].Status);
        Assert.Equal("250 ok (action 1 of rule 2 failed: HTTP 410 Gone)", message.Recipients[0].Detail);
        Assert.False(FailureNotices.Add(message, Now, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void An_action_released_after_waiting_gets_its_whole_retry_time_from_then()
    {
        var barrier = Relay(0, ["a@x.test"], ActionFailurePolicy.Drop, id: 1);
        var waiting = Relay(1, ["a@x.test"], id: 2);
        var message = Message(barrier, waiting);
        MessageActionOrder.Release(message, Now);

        var later = Now.AddMinutes(50);
        MessageAttempts.Record(message, barrier, [new(["a@x.test"], DeliveryOutcome.Delivered, "250 ok")], later, later);
        MessageActionOrder.Release(message, later);

        Assert.Equal((MessageActionStatus.Pending, later.AddHours(1)), (waiting.Status, waiting.ExpiresTimestamp));
    }

    [Fact]
    public void No_notice_for_the_null_sender_or_a_failed_bounce()
    {
        var relay = Relay(0, ["a@x.test"], id: 1);
        var nullSender = Message(relay);
        nullSender.MailFrom = "";
        MessageAttempts.Record(nullSender, relay, [new(["a@x.test"], DeliveryOutcome.PermanentFailure, "550")], Now, Now);
        MessageProcessingStatus.Recompute(nullSender, Now);

        var bounce = new MessageAction { Type = RuleActionType.Bounce, Definition = new() { Bounce = new() }, Recipients = ["a@x.test"], Status = MessageActionStatus.Failed };
        var bounced = Message(bounce);
        MessageProcessingStatus.Recompute(bounced, Now);

        Assert.False(FailureNotices.Add(nullSender, Now, TimeSpan.FromHours(1)));
        Assert.False(FailureNotices.Add(bounced, Now, TimeSpan.FromHours(1)));
    }
}
