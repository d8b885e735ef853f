using MailManager.Core.RuleSets.Actions;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets;
using MailManager.Delivery.Tests.Infrastructure;

namespace MailManager.Delivery.Tests;

/// <summary>Kept relay connections: reused for the next message, and never the cause of a failed delivery.</summary>
public sealed class ConnectionReuseTests
{
    [Fact]
    public async Task Messages_one_after_another_to_the_same_relay_share_one_connection()
    {
        await using var sink = SmtpSink.Start();
        await using var host = await DeliveryTestHost.StartAsync();
        var relayId = await host.CreateRelayAsync(sink.Port);
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId)]);
        await host.StartProcessorAsync();

        for (var i = 0; i < 3; i++)
        {
            var messageId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", [$"r{i}@example.org"], ruleSetId);
            var message = await host.WaitForStatusAsync(messageId, MessageStatus.Delivered);
            Assert.Equal($"250 2.0.0 Ok: queued as Q{i + 1}", Assert.Single(message.Recipients).Detail);
        }

        Assert.Equal(3, (await sink.WaitForAsync(3)).Count);
        Assert.Equal(1, sink.Connections);
    }

    [Fact]
    public async Task A_kept_connection_the_server_closed_is_replaced_without_a_failed_attempt()
    {
        var port = FreePort.Next();
        await using var host = await DeliveryTestHost.StartAsync();
        var relayId = await host.CreateRelayAsync(port);
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId)]);
        await host.StartProcessorAsync();

        await using (var first = SmtpSink.Start(port))
        {
            var messageId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], ruleSetId);
            await host.WaitForStatusAsync(messageId, MessageStatus.Delivered);
        }
        // The server went away with the kept connection; a new one listens on the same port.
        await using var second = SmtpSink.Start(port);

        var nextId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["b@example.org"], ruleSetId);

        var next = await host.WaitForStatusAsync(nextId, MessageStatus.Delivered);
        var attempt = Assert.Single(Assert.Single(next.Actions).Attempts);
        Assert.Equal(DeliveryOutcome.Delivered, attempt.Outcome);
        Assert.Single(await second.WaitForAsync(1));
    }

    [Fact]
    public async Task A_refused_recipient_on_a_kept_connection_does_not_carry_over_to_the_next_message()
    {
        await using var sink = SmtpSink.Start();
        sink.RcptReply = address => address.StartsWith("gone", StringComparison.Ordinal) ? "550 5.1.1 No such user" : "250 2.1.5 Ok";
        await using var host = await DeliveryTestHost.StartAsync();
        var relayId = await host.CreateRelayAsync(sink.Port);
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId)]);
        await host.StartProcessorAsync();

        var partly = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org", "gone@example.org"], ruleSetId);
        await host.WaitForStatusAsync(partly, MessageStatus.Failed);
        var clean = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["b@example.org"], ruleSetId);

        var message = await host.WaitForStatusAsync(clean, MessageStatus.Delivered);
        Assert.Equal(MessageActionStatus.Succeeded, Assert.Single(message.Actions).Status);
        Assert.Equal(1, sink.Connections);
    }
}
