using MailManager.Core.RuleSets.Actions;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets;
using MailManager.Delivery.Tests.Infrastructure;

namespace MailManager.Delivery.Tests;

/// <summary>Drops, retries, expiry and restarts: the message's life from queued to finished.</summary>
public sealed class ProcessingLifecycleTests
{
    [Fact]
    public async Task A_drop_only_rule_set_drops_every_recipient_and_removes_the_file()
    {
        await using var host = await DeliveryTestHost.StartAsync();
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfDrop()]);
        await host.StartProcessorAsync();

        var messageId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org", "b@example.org"], ruleSetId);

        var message = await host.WaitForStatusAsync(messageId, MessageStatus.Dropped);
        Assert.All(message.Recipients, r =>
        {
            Assert.Equal(MessageStatus.Dropped, r.Status);
            Assert.Equal("Dropped by rule 1", r.Detail);
        });
        var drop = Assert.Single(message.Actions);
        Assert.Equal(RuleActionType.Drop, drop.Type);
        Assert.Equal(MessageActionStatus.Succeeded, drop.Status);
        Assert.Equal(["a@example.org", "b@example.org"], drop.Recipients);
        Assert.Equal(SampleMessage.Subject, message.Subject);
        Assert.False(File.Exists(host.Spool.PathOf(messageId)));
    }

    [Fact]
    public async Task Retries_while_the_downstream_is_down_and_delivers_once_it_listens()
    {
        var port = FreePort.Next();
        await using var host = await DeliveryTestHost.StartAsync();
        var relayId = await host.CreateRelayAsync(port);
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId)]);
        await host.StartProcessorAsync();
        var content = SampleMessage.Create();

        var messageId = await host.ReceiveAsync(content, "sender@example.com", ["a@example.org"], ruleSetId);

        var waiting = await host.WaitForStatusAsync(messageId, MessageStatus.Retrying);
        var action = Assert.Single(waiting.Actions);
        Assert.Equal(MessageActionStatus.Retrying, action.Status);
        var first = action.Attempts[0];
        Assert.Equal(DeliveryOutcome.TemporaryFailure, first.Outcome);
        Assert.Equal($"Connection refused by 127.0.0.1:{port}", first.Reply);
        Assert.NotNull(action.NextAttemptTimestamp);
        Assert.Equal(MessageStatus.Retrying, Assert.Single(waiting.Recipients).Status);
        Assert.True(File.Exists(host.Spool.PathOf(messageId)));

        await using var sink = SmtpSink.Start(port);

        var delivered = await host.WaitForStatusAsync(messageId, MessageStatus.Delivered);
        Assert.Equal(content, Assert.Single(await sink.WaitForAsync(1)).Data);
        var done = Assert.Single(delivered.Actions);
        Assert.True(done.AttemptCount >= 2);
        Assert.Equal(DeliveryOutcome.Delivered, done.Attempts[^1].Outcome);
        Assert.All(done.Attempts.SkipLast(1), a => Assert.Equal(DeliveryOutcome.TemporaryFailure, a.Outcome));
        Assert.False(File.Exists(host.Spool.PathOf(messageId)));
    }

    [Fact]
    public async Task A_temporary_failure_after_the_retry_lifetime_fails_for_good()
    {
        var port = FreePort.Next();
        await using var host = await DeliveryTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["MailManager:Delivery:RetryLifetime"] = "00:00:01",
        });
        var relayId = await host.CreateRelayAsync(port);
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId)]);
        await host.StartProcessorAsync();

        var messageId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], ruleSetId);

        var message = await host.WaitForStatusAsync(messageId, MessageStatus.Failed);
        var recipient = Assert.Single(message.Recipients);
        Assert.Equal($"Retry lifetime expired: Connection refused by 127.0.0.1:{port}", recipient.Detail);
        var action = Assert.Single(message.Actions);
        Assert.True(action.AttemptCount >= 2);
        // The last try happens at the expiry, not after it.
        Assert.True(action.Attempts[^1].Timestamp >= action.ExpiresTimestamp);
        Assert.False(File.Exists(host.Spool.PathOf(messageId)));
    }

    [Fact]
    public async Task A_delivery_interrupted_by_a_restart_is_resumed_and_sent_once()
    {
        await using var sink = SmtpSink.Start();
        await using var host = await DeliveryTestHost.StartAsync();
        var relayId = await host.CreateRelayAsync(sink.Port);
        var messageId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], null);
        // What a process killed mid-delivery leaves behind: the action claimed, the message Delivering.
        await using (var db = host.NewDbContext())
        {
            var message = db.Messages.Single(m => m.MessageId == messageId);
            message.Status = MessageStatus.Delivering;
            db.MessageActions.Add(new MessageAction
            {
                MessageId = messageId, Type = RuleActionType.Relay, Definition = RuleAction.OfRelay(relayId),
                Recipients = ["a@example.org"], Status = MessageActionStatus.InProgress,
                NextAttemptTimestamp = DateTimeOffset.UtcNow, ExpiresTimestamp = DateTimeOffset.UtcNow.AddHours(1),
            });
            await db.SaveChangesAsync();
        }

        await host.StartNewProcessorAsync();

        var delivered = await host.WaitForStatusAsync(messageId, MessageStatus.Delivered);
        Assert.Equal(1, Assert.Single(delivered.Actions).AttemptCount);
        // Give a duplicate the time to show up: several poll intervals.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(sink.Accepted);
    }

    [Fact]
    public async Task Messages_queued_while_the_processor_was_down_are_processed_at_start()
    {
        await using var sink = SmtpSink.Start();
        await using var host = await DeliveryTestHost.StartAsync();
        var relayId = await host.CreateRelayAsync(sink.Port);
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId)], [RuleAction.OfDrop()]);
        var first = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], ruleSetId);
        var second = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["b@example.org"], ruleSetId);

        await host.StartProcessorAsync();

        await host.WaitForStatusAsync(first, MessageStatus.Delivered);
        var message = await host.WaitForStatusAsync(second, MessageStatus.Delivered);
        // Rule 2's Drop comes after rule 1 relayed: the relay decides the recipient's fate.
        Assert.Equal(2, message.Actions.Count);
        Assert.Equal(MessageStatus.Delivered, Assert.Single(message.Recipients).Status);
        Assert.Equal(2, (await sink.WaitForAsync(2)).Count);
    }

    [Fact]
    public async Task Without_a_rule_set_nothing_delivers_the_message()
    {
        await using var host = await DeliveryTestHost.StartAsync();
        await host.StartProcessorAsync();

        var messageId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], "rs-missing");

        var message = await host.WaitForStatusAsync(messageId, MessageStatus.Dropped);
        Assert.Equal("No rule action delivered it", Assert.Single(message.Recipients).Detail);
        Assert.Empty(message.Actions);
        Assert.False(File.Exists(host.Spool.PathOf(messageId)));
    }

    [Fact]
    public async Task The_file_of_a_message_finished_before_a_crash_is_removed_at_start()
    {
        await using var host = await DeliveryTestHost.StartAsync();
        var messageId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], null);
        // The status was committed, then the process died before deleting the file.
        await using (var db = host.NewDbContext())
        {
            db.Messages.Single(m => m.MessageId == messageId).Status = MessageStatus.Dropped;
            await db.SaveChangesAsync();
        }

        await host.StartProcessorAsync();

        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(host.Spool.PathOf(messageId))), exists => !exists, "the spool file to go");
    }
}
