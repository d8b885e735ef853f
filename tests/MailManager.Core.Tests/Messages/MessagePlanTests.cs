using MailManager.Core.RuleSets.Actions;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets;

namespace MailManager.Core.Tests.Messages;

public sealed class MessagePlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static ReceivedMessage Accepted() => new()
    {
        MessageId = "msg-1",
        IngressPointId = "inp-1",
        MailFrom = "sender@example.org",
        Status = MessageStatus.Queued,
        ReceivedTimestamp = Now,
        Recipients = [new() { Address = "keep@example.com", Status = MessageStatus.Queued }, new() { Address = "drop@example.com", Status = MessageStatus.Queued }],
    };

    private static MessageProcessingEvaluation Evaluation() => new(
        "msg-1", "rs-1", "Subject: hi", "hi",
        new RuleSetEvaluation(
            [
                new PlannedAction(0, "junk", 0, RuleAction.OfDrop(), ["drop@example.com"], null, [], RunsOutside: false),
                new PlannedAction(1, "relay", 0, RuleAction.OfRelay("rl-1"), ["keep@example.com"], null, [], RunsOutside: true),
            ],
            [new RuleMatch(0, "junk", ["drop@example.com"]), new RuleMatch(1, "relay", ["keep@example.com"])]),
        TimeSpan.FromHours(24));

    [Fact]
    public void A_planned_message_stays_queued_until_a_delivery_begins_and_is_never_planned_twice()
    {
        var message = Accepted();

        Assert.True(MessagePlan.Apply(message, Evaluation(), Now));

        Assert.Equal(MessageStatus.Queued, message.Status);
        Assert.Equal(MessageStatus.Queued, message.Recipients.Single(r => r.Address == "keep@example.com").Status);
        Assert.Equal(MessageStatus.Dropped, message.Recipients.Single(r => r.Address == "drop@example.com").Status);
        Assert.Equal([MessageActionStatus.Succeeded, MessageActionStatus.Pending], message.Actions.Select(a => a.Status));
        Assert.Equal(Now.AddHours(24), message.Actions[1].ExpiresTimestamp);
        Assert.Equal("hi", message.Subject);
        Assert.False(MessagePlan.IsUnplanned(message));
        Assert.False(MessagePlan.Apply(message, Evaluation(), Now));
        Assert.Equal(2, message.Actions.Count);

        message.Actions[1].Status = MessageActionStatus.InProgress;
        MessageProcessingStatus.Recompute(message, Now);
        Assert.Equal(MessageStatus.Delivering, message.Status);
    }
}
