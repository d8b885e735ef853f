using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;
using MailManager.Data.Common;
using MailManager.Data.Messages;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Tests.Messages;

/// <summary>
/// Relay actions claimed in the acceptance transaction: only into free delivery slots, only while nothing older
/// waits in the queue, and committed exactly as a claim would have left them.
/// </summary>
public sealed class DeliveryHandoffTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private MessageCommitQueue Commits => _storage.Get<MessageCommitQueue>();
    private DeliveryHandoff Handoff => _storage.Get<DeliveryHandoff>();

    public Task InitializeAsync() => _storage.InitializeWithCommitsAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task Before_delivery_opens_its_slots_accepted_relay_actions_wait_in_the_queue()
    {
        await CommitAsync("msg-1");

        Assert.False(Handoff.TryNext(out _));
        Assert.Equal(MessageActionStatus.Pending, (await ActionOfAsync("msg-1")).Status);
        Assert.True(Handoff.MayHaveQueued);
    }

    [Fact]
    public async Task With_a_free_slot_and_an_empty_queue_the_action_is_handed_over_in_progress_and_the_rest_stays_queued()
    {
        await EmptyQueueAsync();
        Handoff.Open(1);

        await CommitAsync("msg-1");
        await CommitAsync("msg-2");

        Assert.True(Handoff.TryNext(out var handed));
        Assert.False(Handoff.TryNext(out _));
        var row = await ActionOfAsync("msg-1");
        Assert.Equal((row.Id, "msg-1", "a@example.org", 1, "rl-1"),
            (handed.ActionId, handed.MessageId, handed.EnvelopeFrom, handed.AttemptNumber, handed.Definition?.Relay?.Relay));
        Assert.Equal(["b@example.com"], handed.Recipients);
        Assert.Equal(MessageActionStatus.InProgress, row.Status);
        await using (var db = _storage.NewDbContext())
        {
            var message = await db.Messages.Include(m => m.Recipients).SingleAsync(m => m.MessageId == "msg-1");
            // As a claim leaves it: the message is Delivering, its recipient keeps its status until the outcome.
            Assert.Equal((MessageStatus.Delivering, MessageStatus.Queued), (message.Status, message.Recipients.Single().Status));
        }
        // No slot was left for the second message: it waits for a claim, which finds it.
        Assert.Equal(MessageActionStatus.Pending, (await ActionOfAsync("msg-2")).Status);
        Assert.True(Handoff.MayHaveQueued);
        Assert.Equal(0, Handoff.Take(1));
        Handoff.Return(1);
        var claimed = Assert.Single(await Store().ClaimDueAsync(Handoff.Take(10)));
        Assert.Equal("msg-2", claimed.MessageId);
    }

    [Fact]
    public async Task While_older_actions_wait_in_the_queue_new_ones_queue_behind_them()
    {
        await CommitAsync("msg-old");
        Handoff.Open(5);

        await CommitAsync("msg-new");

        Assert.False(Handoff.TryNext(out _));
        var due = await Store().ClaimDueAsync(Handoff.Take(5));
        Assert.Equal(["msg-old", "msg-new"], due.Select(d => d.MessageId));
        Assert.False(Handoff.MayHaveQueued);
    }

    [Fact]
    public async Task A_failed_acceptance_transaction_puts_the_actions_back_to_pending_and_frees_their_slots()
    {
        await EmptyQueueAsync();
        Handoff.Open(1);
        var message = Message("msg-1");

        var handed = Handoff.Claim([message]);
        Assert.Equal((MessageActionStatus.InProgress, MessageStatus.Delivering), (message.Actions[0].Status, message.Status));
        handed.Undo();

        Assert.Equal((MessageActionStatus.Pending, MessageStatus.Queued), (message.Actions[0].Status, message.Status));
        Assert.Equal(1, Handoff.Take(5));
        Assert.False(Handoff.TryNext(out _));
    }

    private MessageProcessingStore Store() =>
        new(_storage.Get<IDbContextFactory<MailManagerDbContext>>(), _storage.Get<SqliteConnections>(), Handoff, _storage.Clock);

    private async Task EmptyQueueAsync() => Assert.Empty(await Store().ClaimDueAsync(10));

    private async Task CommitAsync(string messageId)
    {
        var spoolFile = Path.Combine(_storage.DataDirectory, messageId + ".eml");
        await File.WriteAllTextAsync(spoolFile, "Subject: hello\r\n\r\nbody\r\n");
        await Commits.CommitAsync(Message(messageId), spoolFile, default);
    }

    private async Task<MessageAction> ActionOfAsync(string messageId)
    {
        await using var db = _storage.NewDbContext();
        return await db.MessageActions.AsNoTracking().SingleAsync(a => a.MessageId == messageId);
    }

    private ReceivedMessage Message(string messageId)
    {
        var now = _storage.Clock.GetUtcNow();
        return new ReceivedMessage
        {
            MessageId = messageId, IngressPointId = "inp-1", MailFrom = "a@example.org", Status = MessageStatus.Queued, ReceivedTimestamp = now,
            LastUpdatedTimestamp = now, RuleMatches = [],
            Recipients = [new() { Address = "b@example.com", Status = MessageStatus.Queued }],
            Actions = [new() { Type = RuleActionType.Relay, Definition = RuleAction.OfRelay("rl-1"), Recipients = ["b@example.com"], Status = MessageActionStatus.Pending, NextAttemptTimestamp = now, ExpiresTimestamp = now.AddDays(1) }],
        };
    }
}
