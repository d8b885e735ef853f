using MailManager.Core.RuleSets.Actions;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets;
using MailManager.Data.Common;
using MailManager.Data.Messages;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Tests.Messages;

/// <summary>
/// Attempts are recorded with raw statements; the message log and every other reader see them through EF Core,
/// and attempts EF Core wrote earlier are read back by the raw path.
/// </summary>
public sealed class AttemptRecordingTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private MessageProcessingStore _store = null!;

    public async Task InitializeAsync()
    {
        await _storage.InitializeAsync();
        _store = new MessageProcessingStore(_storage.Get<IDbContextFactory<MailManagerDbContext>>(), _storage.Get<SqliteConnections>(), _storage.Get<DeliveryHandoff>(), _storage.Clock);
    }

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task A_mixed_outcome_splits_the_action_and_every_field_reads_back_through_ef_core()
    {
        var received = _storage.Clock.GetUtcNow();
        var earlier = new DeliveryAttempt { Timestamp = received.AddMinutes(-5), Outcome = DeliveryOutcome.TemporaryFailure, Reply = "421 4.3.2 busy, “später”" };
        await using (var db = _storage.NewDbContext())
        {
            db.Messages.Add(new ReceivedMessage
            {
                MessageId = "msg-1", IngressPointId = "inp-1", MailFrom = "a@example.org", Status = MessageStatus.Retrying, ReceivedTimestamp = received,
                Recipients =
                [
                    new() { Address = "ok@example.com", Status = MessageStatus.Retrying },
                    new() { Address = "later@example.com", Status = MessageStatus.Retrying },
                    new() { Address = "no@example.com", Status = MessageStatus.Retrying },
                    new() { Address = "junk@example.com", Status = MessageStatus.Dropped, Detail = "Dropped by rule 1 (junk)" },
                ],
                Actions =
                [
                    new() { RuleIndex = 0, RuleName = "junk", Type = RuleActionType.Drop, Recipients = ["junk@example.com"], Status = MessageActionStatus.Succeeded, ExpiresTimestamp = received },
                    new()
                    {
                        RuleIndex = 1, RuleName = "out", ActionIndex = 2, Type = RuleActionType.Relay, Definition = RuleAction.OfRelay("rl-1", MailFrom.Replace),
                        Recipients = ["ok@example.com", "later@example.com", "no@example.com"], Status = MessageActionStatus.Retrying,
                        AttemptCount = 1, NextAttemptTimestamp = received, ExpiresTimestamp = received.AddDays(1), Attempts = [earlier],
                    },
                ],
            });
            await db.SaveChangesAsync();
        }
        var claimed = Assert.Single(await _store.ClaimDueAsync(10));
        _storage.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = _storage.Clock.GetUtcNow();
        var retryAt = now.AddMinutes(10);

        var finished = await _store.RecordAttemptsAsync(
        [
            new(claimed.ActionId, claimed.MessageId,
            [
                new(["ok@example.com"], DeliveryOutcome.Delivered, "250 2.0.0 Ok"),
                new(["later@example.com"], DeliveryOutcome.TemporaryFailure, "450 4.2.0 mailbox busy"),
                new(["no@example.com"], DeliveryOutcome.PermanentFailure, "550 5.1.1 no such user"),
            ], retryAt),
        ]);

        Assert.Empty(finished);
        await using (var db = _storage.NewDbContext())
        {
            var message = await db.Messages.Include(m => m.Recipients).Include(m => m.Actions).SingleAsync();
            Assert.Equal((MessageStatus.Retrying, now), (message.Status, message.LastUpdatedTimestamp));
            Assert.Equal(
                [
                    ("ok@example.com", MessageStatus.Delivered, (string?)"250 2.0.0 Ok"),
                    ("later@example.com", MessageStatus.Retrying, "450 4.2.0 mailbox busy"),
                    ("no@example.com", MessageStatus.Failed, "550 5.1.1 no such user"),
                    ("junk@example.com", MessageStatus.Dropped, "Dropped by rule 1 (junk)"),
                ],
                message.Recipients.OrderBy(r => r.Id).Select(r => (r.Address, r.Status, r.Detail)));

            var relays = message.Actions.Where(a => a.Type == RuleActionType.Relay).OrderBy(a => a.Id).ToList();
            Assert.Equal(3, relays.Count);
            Assert.Equal(
                [
                    (claimed.ActionId, "ok@example.com", MessageActionStatus.Succeeded, (DateTimeOffset?)null),
                    (relays[1].Id, "later@example.com", MessageActionStatus.Retrying, retryAt),
                    (relays[2].Id, "no@example.com", MessageActionStatus.Failed, null),
                ],
                relays.Select(a => (a.Id, Assert.Single(a.Recipients), a.Status, a.NextAttemptTimestamp)));
            foreach (var split in relays)
            {
                // Each part keeps the action's identity and history, and counts this attempt once.
                Assert.Equal(("msg-1", 1, "out", 2, "rl-1", MailFrom.Replace, received.AddDays(1), 2),
                    (split.MessageId, split.RuleIndex, split.RuleName, split.ActionIndex, split.Definition?.Relay?.Relay, split.Definition?.Relay?.MailFrom, split.ExpiresTimestamp, split.AttemptCount));
                Assert.Equal(2, split.Attempts.Count);
                Assert.Equal((earlier.Timestamp, earlier.Outcome, earlier.Reply), (split.Attempts[0].Timestamp, split.Attempts[0].Outcome, split.Attempts[0].Reply));
                Assert.Equal(now, split.Attempts[1].Timestamp);
            }
            Assert.Equal(
                [(DeliveryOutcome.Delivered, "250 2.0.0 Ok"), (DeliveryOutcome.TemporaryFailure, "450 4.2.0 mailbox busy"), (DeliveryOutcome.PermanentFailure, "550 5.1.1 no such user")],
                relays.Select(a => (a.Attempts[1].Outcome, a.Attempts[1].Reply)));
        }

        // The retried part waits for its time, then is claimed and recorded again: its history, written by the
        // raw path, reads back raw.
        Assert.Empty(await _store.ClaimDueAsync(10));
        Assert.Equal(retryAt, await _store.NextDueAsync());
        _storage.Clock.Advance(TimeSpan.FromMinutes(10));
        var retry = Assert.Single(await _store.ClaimDueAsync(10));
        Assert.Equal(3, retry.AttemptNumber);
        Assert.Equal(["later@example.com"], retry.Recipients);
        var done = await _store.RecordAttemptsAsync([new(retry.ActionId, retry.MessageId, [new(["later@example.com"], DeliveryOutcome.Delivered, "250 ok")], retryAt)]);

        Assert.Equal([retry.ActionId], done);
        await using (var db = _storage.NewDbContext())
        {
            var message = await db.Messages.Include(m => m.Actions).SingleAsync();
            Assert.Equal(MessageStatus.Failed, message.Status);
            var action = message.Actions.Single(a => a.Id == retry.ActionId);
            Assert.Equal(
                [DeliveryOutcome.TemporaryFailure, DeliveryOutcome.TemporaryFailure, DeliveryOutcome.Delivered],
                action.Attempts.Select(a => a.Outcome));
            Assert.Equal(MessageActionStatus.Succeeded, action.Status);
        }
    }
}
