using MailManager.Core.RuleSets.Actions;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets;
using MailManager.Data.Common;
using MailManager.Data.Messages;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Tests.Messages;

public sealed class RelaxedDurabilityTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task A_claim_skips_the_log_fsync_but_leaves_the_hot_path_connection_with_full_durability()
    {
        var now = _storage.Clock.GetUtcNow();
        await using (var db = _storage.NewDbContext())
        {
            db.Messages.Add(new ReceivedMessage
            {
                MessageId = "msg-1", IngressPointId = "inp-1", MailFrom = "a@example.org", Status = MessageStatus.Queued, ReceivedTimestamp = now,
                Recipients = [new() { Address = "b@example.com", Status = MessageStatus.Queued }],
                Actions = [new() { Type = RuleActionType.Relay, Definition = RuleAction.OfRelay("rl-1"), Recipients = ["b@example.com"], Status = MessageActionStatus.Pending, NextAttemptTimestamp = now, ExpiresTimestamp = now.AddDays(1) }],
            });
            await db.SaveChangesAsync();
        }
        var store = new MessageProcessingStore(_storage.Get<IDbContextFactory<MailManagerDbContext>>(), _storage.Get<SqliteConnections>(), _storage.Get<DeliveryHandoff>(), _storage.Clock);

        var claimed = Assert.Single(await store.ClaimDueAsync(10));
        Assert.Empty(await store.ClaimDueAsync(10));

        Assert.Equal(("msg-1", "rl-1", "a@example.org", 1), (claimed.MessageId, claimed.Definition?.Relay?.Relay, claimed.EnvelopeFrom, claimed.AttemptNumber));
        await using (var db = _storage.NewDbContext())
        {
            Assert.Equal(MessageActionStatus.InProgress, (await db.MessageActions.SingleAsync()).Status);
            Assert.Equal(MessageStatus.Delivering, (await db.Messages.SingleAsync()).Status);
        }
        // 2 = FULL: the claims ran on the connection that acceptance commits on next.
        using var gate = await _storage.Get<SqliteConnections>().WriteGate.EnterAsync(urgent: true, default);
        await using var pragma = gate.Connection.CreateCommand();
        pragma.CommandText = "SELECT synchronous FROM pragma_synchronous";
        Assert.Equal(2L, await pragma.ExecuteScalarAsync());
    }
}
