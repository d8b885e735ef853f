using MailManager.Core.RuleSets.Actions;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets;
using MailManager.Data.Messages;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Tests.Spool;

/// <summary>Accepted messages are written with raw statements; everything else reads and changes them through EF Core.</summary>
public sealed class MessageCommitTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();

    public Task InitializeAsync() => _storage.InitializeWithCommitsAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task A_committed_message_reads_back_through_ef_core_field_for_field_and_its_actions_can_be_updated()
    {
        var received = new DateTimeOffset(2026, 11, 23, 8, 30, 15, 123, TimeSpan.FromHours(1));
        var spool = _storage.Get<MessageSpool>();
        await using var spooled = spool.Open();
        await spooled.Content.WriteAsync("Subject: x\r\n\r\nbody\r\n"u8.ToArray());
        var message = new ReceivedMessage
        {
            IngressPointId = "inp-1",
            IngressPointName = "front-door",
            SessionId = "s-1",
            ReceivedTimestamp = received,
            SourceIp = "192.0.2.7",
            HeloName = "client.example",
            TlsProtocol = "TLSv1.3",
            TlsCipherSuite = "TLS_AES_256_GCM_SHA384",
            AuthenticatedUser = null,
            MailFrom = "",
            SizeBytes = 21,
            Status = MessageStatus.Queued,
            Subject = "Grüße",
            Headers = "Subject: Grüße",
            RuleSetId = "rs-1",
            LastUpdatedTimestamp = received,
            Recipients = [new() { Address = "jürgen+tag@example.com", Status = MessageStatus.Queued }, new() { Address = "x@example.com", Status = MessageStatus.Dropped, Detail = "Dropped by rule 1" }],
            Actions =
            [
                new() { RuleIndex = 0, RuleName = "junk", ActionIndex = 0, Type = RuleActionType.Drop, Recipients = ["x@example.com"], Status = MessageActionStatus.Succeeded, ExpiresTimestamp = received },
                new() { RuleIndex = 1, ActionIndex = 0, Type = RuleActionType.Relay, Definition = RuleAction.OfRelay("rl-1", MailFrom.Replace), Recipients = ["jürgen+tag@example.com"], Status = MessageActionStatus.Pending, NextAttemptTimestamp = received, ExpiresTimestamp = received.AddHours(24) },
            ],
        };

        await spooled.CommitAsync(message, CancellationToken.None);

        await using (var db = _storage.NewDbContext())
        {
            var stored = await db.Messages.Include(m => m.Recipients).Include(m => m.Actions).SingleAsync(m => m.MessageId == spooled.MessageId);
            Assert.Equal(
                (message.IngressPointId, message.IngressPointName, message.SessionId, received, message.SourceIp, message.HeloName, message.TlsProtocol, message.TlsCipherSuite, (string?)null, "", 21L, MessageStatus.Queued, "Grüße", "Subject: Grüße", "rs-1", received),
                (stored.IngressPointId, stored.IngressPointName, stored.SessionId, stored.ReceivedTimestamp, stored.SourceIp, stored.HeloName, stored.TlsProtocol, stored.TlsCipherSuite, stored.AuthenticatedUser, stored.MailFrom, stored.SizeBytes, stored.Status, stored.Subject, stored.Headers, stored.RuleSetId, stored.LastUpdatedTimestamp));
            Assert.Equal(received.Offset, stored.ReceivedTimestamp.Offset);
            Assert.Equal(
                [("jürgen+tag@example.com", MessageStatus.Queued, (string?)null), ("x@example.com", MessageStatus.Dropped, "Dropped by rule 1")],
                stored.Recipients.OrderBy(r => r.Id).Select(r => (r.Address, r.Status, r.Detail)));
            var relay = stored.Actions.Single(a => a.Type == RuleActionType.Relay);
            Assert.Equal(("rl-1", MailFrom.Replace, MessageActionStatus.Pending, 0, received, received.AddHours(24)), (relay.Definition?.Relay?.Relay, relay.Definition?.Relay?.MailFrom, relay.Status, relay.AttemptCount, relay.NextAttemptTimestamp, relay.ExpiresTimestamp));
            Assert.Equal(["jürgen+tag@example.com"], relay.Recipients);
            Assert.Empty(relay.Attempts);
            var drop = stored.Actions.Single(a => a.Type == RuleActionType.Drop);
            Assert.Equal(("junk", (RelayAction?)null, (DateTimeOffset?)null), (drop.RuleName, drop.Definition?.Relay, drop.NextAttemptTimestamp));

            // The relay's queries find it, and EF Core can change the row as delivery does.
            Assert.True(await db.MessageActions.AnyAsync(a => a.Status == MessageActionStatus.Pending && a.NextAttemptTimestamp <= received));
            relay.Attempts.Add(new DeliveryAttempt { Timestamp = received, Outcome = DeliveryOutcome.Delivered, Reply = "250 ok" });
            relay.Status = MessageActionStatus.Succeeded;
            await db.SaveChangesAsync();
        }
        await using (var db = _storage.NewDbContext())
        {
            var relay = await db.MessageActions.SingleAsync(a => a.MessageId == spooled.MessageId && a.Type == RuleActionType.Relay);
            Assert.Equal("250 ok", Assert.Single(relay.Attempts).Reply);
        }
    }
}
