using MailManager.Core.RuleSets.Actions;
using MailManager.Core.Messages;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Core.Secrets;
using MailManager.Data.Relays;
using MailManager.Data.Secrets;
using MailManager.Delivery.Tests.Infrastructure;

namespace MailManager.Delivery.Tests;

/// <summary>Relay actions against a real SMTP server on a loopback socket.</summary>
public sealed class RelayDeliveryTests
{
    [Fact]
    public async Task Relays_the_exact_spooled_bytes_with_the_envelope_preserved()
    {
        await using var sink = SmtpSink.Start();
        await using var host = await DeliveryTestHost.StartAsync();
        var relayId = await host.CreateRelayAsync(sink.Port);
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId, MailFrom.Preserve)]);
        await host.StartProcessorAsync();
        var content = SampleMessage.Create();

        var messageId = await host.ReceiveAsync(content, "sender@example.com", ["a@example.org", "b@example.org"], ruleSetId);

        var received = Assert.Single(await sink.WaitForAsync(1));
        Assert.Equal(content, received.Data);
        Assert.Equal("sender@example.com", received.MailFrom);
        Assert.Equal(["a@example.org", "b@example.org"], received.Recipients);
        Assert.Null(received.AuthUser);

        var message = await host.WaitForStatusAsync(messageId, MessageStatus.Delivered);
        Assert.All(message.Recipients, r =>
        {
            Assert.Equal(MessageStatus.Delivered, r.Status);
            Assert.Equal("250 2.0.0 Ok: queued as Q1", r.Detail);
        });
        var action = Assert.Single(message.Actions);
        Assert.Equal(MessageActionStatus.Succeeded, action.Status);
        Assert.Equal(1, action.AttemptCount);
        var attempt = Assert.Single(action.Attempts);
        Assert.Equal(DeliveryOutcome.Delivered, attempt.Outcome);
        Assert.Equal("250 2.0.0 Ok: queued as Q1", attempt.Reply);
        Assert.Equal(SampleMessage.Subject, message.Subject);
        Assert.StartsWith("Received: from client.example", message.Headers);
        Assert.EndsWith("Content-Transfer-Encoding: 8bit", message.Headers);
        Assert.Equal(ruleSetId, message.RuleSetId);
        Assert.False(File.Exists(host.Spool.PathOf(messageId)));
    }

    [Fact]
    public async Task Replaces_the_sender_when_the_action_says_so_and_keeps_the_null_sender_otherwise()
    {
        await using var sink = SmtpSink.Start();
        await using var host = await DeliveryTestHost.StartAsync();
        var relayId = await host.CreateRelayAsync(sink.Port);
        var replacing = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId, MailFrom.Replace)]);
        var preserving = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId, MailFrom.Preserve)]);
        await host.StartProcessorAsync();

        var replaced = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], replacing);
        await host.WaitForStatusAsync(replaced, MessageStatus.Delivered);
        var bounce = await host.ReceiveAsync(SampleMessage.Create(), "", ["b@example.org"], preserving);
        await host.WaitForStatusAsync(bounce, MessageStatus.Delivered);

        var sent = await sink.WaitForAsync(2);
        Assert.Equal(DeliveryTestHost.ReplacementMailFrom, sent[0].MailFrom);
        Assert.Equal("", sent[1].MailFrom);
    }

    [Fact]
    public async Task Sends_only_the_recipients_of_the_action()
    {
        await using var sink = SmtpSink.Start();
        await using var host = await DeliveryTestHost.StartAsync();
        var relayId = await host.CreateRelayAsync(sink.Port);
        // Rule conditions do not exist yet, so a partial action is written as the processor would have planned it.
        var messageId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org", "b@example.org", "c@example.org"], null);
        await using (var db = host.NewDbContext())
        {
            var message = db.Messages.Single(m => m.MessageId == messageId);
            message.Status = MessageStatus.Delivering;
            db.MessageActions.Add(new MessageAction
            {
                MessageId = messageId, Type = RuleActionType.Relay, Definition = RuleAction.OfRelay(relayId),
                Recipients = ["a@example.org", "c@example.org"], Status = MessageActionStatus.Pending,
                NextAttemptTimestamp = DateTimeOffset.UtcNow, ExpiresTimestamp = DateTimeOffset.UtcNow.AddHours(1),
            });
            await db.SaveChangesAsync();
        }
        await host.StartProcessorAsync();

        var done = await host.WaitForStatusAsync(messageId, MessageStatus.Delivered);

        Assert.Equal(["a@example.org", "c@example.org"], Assert.Single(sink.Accepted).Recipients);
        Assert.Equal(MessageStatus.Dropped, done.Recipients.Single(r => r.Address == "b@example.org").Status);
        Assert.Equal("No rule action delivered it", done.Recipients.Single(r => r.Address == "b@example.org").Detail);
    }

    [Fact]
    public async Task Authenticates_with_the_relay_secret()
    {
        await using var sink = SmtpSink.Start();
        sink.OfferAuth = true;
        await using var host = await DeliveryTestHost.StartAsync();
        var secretId = await host.CreateSecretAsync("relay-user", "p4ss word:é");
        var relayId = await host.CreateRelayAsync(sink.Port, secretId);
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId)]);
        await host.StartProcessorAsync();

        var messageId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], ruleSetId);

        var received = Assert.Single(await sink.WaitForAsync(1));
        Assert.Equal("relay-user", received.AuthUser);
        Assert.Equal("p4ss word:é", received.AuthPassword);
        await host.WaitForStatusAsync(messageId, MessageStatus.Delivered);
    }

    [Fact]
    public async Task A_relay_or_secret_changed_in_the_console_applies_to_the_next_delivery_without_a_restart()
    {
        await using var first = SmtpSink.Start();
        await using var second = SmtpSink.Start();
        first.OfferAuth = second.OfferAuth = true;
        await using var host = await DeliveryTestHost.StartAsync();
        var secretId = await host.CreateSecretAsync("relay-user", "old password");
        var relayId = await host.CreateRelayAsync(first.Port, secretId);
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId)]);
        await host.StartProcessorAsync();
        var before = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], ruleSetId);
        await host.WaitForStatusAsync(before, MessageStatus.Delivered);
        Assert.Equal("old password", Assert.Single(await first.WaitForAsync(1)).AuthPassword);

        var secret = await host.Get<SecretService>().UpdateAsync(secretId, new SecretDraft
        {
            Name = (await host.Get<SecretService>().GetAsync(secretId))!.SecretName,
            Entries = [new() { Key = RelayCredentialKeys.Username, Value = "relay-user" }, new() { Key = RelayCredentialKeys.Password, Value = "new password" }],
        });
        Assert.True(secret.Succeeded);
        var afterSecret = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], ruleSetId);
        await host.WaitForStatusAsync(afterSecret, MessageStatus.Delivered);
        Assert.Equal(["old password", "new password"], (await first.WaitForAsync(2)).Select(m => m.AuthPassword));

        var relay = (await host.Get<RelayService>().GetAsync(relayId))!;
        var moved = await host.Get<RelayService>().UpdateAsync(relayId, new RelayDraft
        {
            Name = relay.RelayName, ServerName = relay.ServerName, ServerPort = second.Port, SecretId = secretId,
        });
        Assert.True(moved.Succeeded);
        var afterMove = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], ruleSetId);

        await host.WaitForStatusAsync(afterMove, MessageStatus.Delivered);
        Assert.Equal("new password", Assert.Single(await second.WaitForAsync(1)).AuthPassword);
        Assert.Equal(2, first.Accepted.Count);
    }

    [Fact]
    public async Task A_permanent_refusal_fails_the_message_and_removes_its_file()
    {
        await using var sink = SmtpSink.Start();
        sink.DataReply = _ => "554 5.7.1 Message rejected by policy";
        await using var host = await DeliveryTestHost.StartAsync();
        var relayId = await host.CreateRelayAsync(sink.Port);
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId)]);
        await host.StartProcessorAsync();

        var messageId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], ruleSetId);

        var message = await host.WaitForStatusAsync(messageId, MessageStatus.Failed);
        var recipient = Assert.Single(message.Recipients);
        Assert.Equal(MessageStatus.Failed, recipient.Status);
        Assert.Equal("554 5.7.1 Message rejected by policy", recipient.Detail);
        var action = Assert.Single(message.Actions);
        Assert.Equal(MessageActionStatus.Failed, action.Status);
        Assert.Equal(DeliveryOutcome.PermanentFailure, Assert.Single(action.Attempts).Outcome);
        Assert.False(File.Exists(host.Spool.PathOf(messageId)));
    }

    [Fact]
    public async Task Recipients_refused_at_RCPT_fail_while_the_others_are_delivered()
    {
        await using var sink = SmtpSink.Start();
        sink.RcptReply = address => address.StartsWith("gone", StringComparison.Ordinal) ? "550 5.1.1 No such user" : "250 2.1.5 Ok";
        await using var host = await DeliveryTestHost.StartAsync();
        var relayId = await host.CreateRelayAsync(sink.Port);
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId)]);
        await host.StartProcessorAsync();

        var messageId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org", "gone@example.org"], ruleSetId);

        var message = await host.WaitForStatusAsync(messageId, MessageStatus.Failed);
        Assert.Equal(["a@example.org"], Assert.Single(sink.Accepted).Recipients);
        var delivered = message.Recipients.Single(r => r.Address == "a@example.org");
        Assert.Equal(MessageStatus.Delivered, delivered.Status);
        var refused = message.Recipients.Single(r => r.Address == "gone@example.org");
        Assert.Equal(MessageStatus.Failed, refused.Status);
        Assert.Equal("550 5.1.1 No such user", refused.Detail);
        // The action is split so each row holds the recipients that share an outcome.
        Assert.Equal(2, message.Actions.Count);
        Assert.Contains(message.Actions, a => a.Status == MessageActionStatus.Succeeded && a.Recipients.SequenceEqual(["a@example.org"]));
        Assert.Contains(message.Actions, a => a.Status == MessageActionStatus.Failed && a.Recipients.SequenceEqual(["gone@example.org"]));
    }

    [Fact]
    public async Task A_relay_deleted_since_fails_the_action_for_good()
    {
        await using var host = await DeliveryTestHost.StartAsync();
        var messageId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], null);
        await using (var db = host.NewDbContext())
        {
            db.MessageActions.Add(new MessageAction
            {
                MessageId = messageId, Type = RuleActionType.Relay, Definition = RuleAction.OfRelay("rl-deleted"),
                Recipients = ["a@example.org"], Status = MessageActionStatus.Pending,
                NextAttemptTimestamp = DateTimeOffset.UtcNow, ExpiresTimestamp = DateTimeOffset.UtcNow.AddHours(1),
            });
            db.Messages.Single(m => m.MessageId == messageId).Status = MessageStatus.Delivering;
            await db.SaveChangesAsync();
        }
        await host.StartProcessorAsync();

        var message = await host.WaitForStatusAsync(messageId, MessageStatus.Failed);

        Assert.Equal("The SMTP relay rl-deleted no longer exists", Assert.Single(message.Recipients).Detail);
        Assert.False(File.Exists(host.Spool.PathOf(messageId)));
    }
}
