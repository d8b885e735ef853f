using System.Text.Json;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;
using MailManager.Data.Common;
using Microsoft.Data.Sqlite;

namespace MailManager.Data.Messages;

/// <summary>
/// The relay queue's statements, run for every delivery: which relay actions are due, and claiming them. Prepared
/// statements on EF Core's columns and value formats, as in <see cref="MessageStateRows"/>; the claim's outcome is
/// read back through EF Core by the tests.
/// </summary>
internal static class MessageQueueRows
{
    // The index on (Status, NextAttemptTimestamp) serves both branches; the order is the queue's. Only actions that run
    // outside are ever Pending or Retrying.
    private static readonly string SelectDue = $"""
        SELECT a."Id", a."MessageId", a."Type", a."Definition", a."Recipients", a."AttemptCount", a."ExpiresTimestamp", m."MailFrom",
            a."AddedHeaders", a."RuleIndex", a."RuleName", a."ActionIndex", a."Origins"
        FROM "MessageActions" AS a INNER JOIN "Messages" AS m ON a."MessageId" = m."MessageId"
        WHERE (a."Status" = '{MessageActionStatus.Pending}' OR (a."Status" = '{MessageActionStatus.Retrying}' AND a."NextAttemptTimestamp" <= $now))
        ORDER BY a."NextAttemptTimestamp"
        LIMIT $max
        """;

    private static readonly string MarkActions = $"""
        UPDATE "MessageActions" SET "Status" = '{MessageActionStatus.InProgress}' WHERE "Id" IN {SqliteCommandExtensions.Ids}
        """;

    private static readonly string MarkMessages = $"""
        UPDATE "Messages" SET "Status" = '{MessageStatus.Delivering}', "LastUpdatedTimestamp" = $now
        WHERE "MessageId" IN {SqliteCommandExtensions.Ids}
        """;

    private static readonly string SelectNextDue = $"""
        SELECT "NextAttemptTimestamp" FROM "MessageActions"
        WHERE "Status" IN ('{MessageActionStatus.Pending}', '{MessageActionStatus.Retrying}')
        ORDER BY "NextAttemptTimestamp"
        LIMIT 1
        """;

    /// <summary>When the first waiting relay action falls due; null when none waits.</summary>
    public static async Task<DateTimeOffset?> NextDueAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SelectNextDue;
        return await command.ExecuteScalarAsync(ct) is long next ? StoredTimestamp.To(next) : null;
    }

    /// <summary>Up to <paramref name="max"/> relay actions due at <paramref name="now"/>, oldest due first, as deliveries.</summary>
    public static async Task<List<MessageProcessingDelivery>> SelectDueAsync(SqliteWriteTransaction transaction, int max, DateTimeOffset now, CancellationToken ct)
    {
        var due = new List<MessageProcessingDelivery>();
        await using var command = transaction.Command(SelectDue);
        command.Set("$now", StoredTimestamp.From(now));
        command.Set("$max", max);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            due.Add(new MessageProcessingDelivery(
                ActionId: reader.GetInt64(0),
                MessageId: reader.GetString(1),
                Type: Enum.Parse<RuleActionType>(reader.GetString(2)),
                Definition: reader.IsDBNull(3) ? null : JsonColumn.Read<RuleAction>(reader.GetString(3)),
                EnvelopeFrom: reader.GetString(7),
                Recipients: JsonSerializer.Deserialize<List<string>>(reader.GetString(4)) ?? [],
                AddedHeaders: JsonColumn.Read<List<AddedHeader>>(reader.GetString(8)),
                AttemptNumber: reader.GetInt32(5) + 1,
                ExpiresTimestamp: StoredTimestamp.To(reader.GetInt64(6)),
                RuleIndex: reader.GetInt32(9),
                RuleName: reader.IsDBNull(10) ? null : reader.GetString(10),
                ActionIndex: reader.GetInt32(11),
                Origins: reader.IsDBNull(12) ? null : JsonColumn.Read<Dictionary<string, List<string>>>(reader.GetString(12))));
        }
        return due;
    }

    /// <summary>Marks the actions InProgress and their messages Delivering; recipients keep theirs until the outcome is recorded.</summary>
    public static async Task MarkInProgressAsync(SqliteWriteTransaction transaction, IReadOnlyList<MessageProcessingDelivery> claimed, DateTimeOffset now, CancellationToken ct)
    {
        await using (var actions = transaction.Command(MarkActions))
        {
            actions.SetIds(claimed.Select(d => d.ActionId));
            await actions.ExecuteNonQueryAsync(ct);
        }
        // The gateway's notices to senders do not change where a message stands (see MessageProcessingStatus).
        var delivering = claimed.Where(d => d.Type != RuleActionType.DeliveryStatusNotification).Select(d => d.MessageId).ToList();
        if (delivering.Count == 0)
        {
            return;
        }
        await using var messages = transaction.Command(MarkMessages);
        messages.SetIds(delivering);
        messages.Set("$now", StoredTimestamp.From(now));
        await messages.ExecuteNonQueryAsync(ct);
    }
}
