using System.Text.Json;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;
using MailManager.Data.Common;
using Microsoft.Data.Sqlite;

namespace MailManager.Data.Messages;

/// <summary>
/// Reads and writes where messages stand (their status, their recipients' statuses, their actions with every
/// attempt) through prepared SQLite statements: recording attempts runs for every delivery, and EF Core's query
/// and change tracking cost several times the statements themselves. Only the state is loaded: the envelope
/// fields of a message loaded here keep their defaults and are never written. The columns and value formats are
/// the ones EF Core maps, as in <see cref="MessageRows"/>, including the owned JSON of attempts (its timestamps
/// are converted like every other DateTimeOffset); the tests read rows written here back through EF Core.
/// </summary>
internal static class MessageStateRows
{
    private const string SelectMessages = $"""SELECT "MessageId", "Status", "LastUpdatedTimestamp", "MailFrom", "ReceivedTimestamp" FROM "Messages" WHERE "MessageId" IN {SqliteCommandExtensions.Ids}""";

    private const string SelectRecipients = $"""
        SELECT "Id", "MessageId", "Address", "Status", "Detail" FROM "MessageRecipients" WHERE "MessageId" IN {SqliteCommandExtensions.Ids} ORDER BY "Id"
        """;

    private const string SelectActions = $"""
        SELECT "Id", "MessageId", "RuleIndex", "RuleName", "ActionIndex", "Type", "Definition", "Origins", "AddedHeaders", "Recipients", "Status",
            "AttemptCount", "NextAttemptTimestamp", "ExpiresTimestamp", "Attempts"
        FROM "MessageActions" WHERE "MessageId" IN {SqliteCommandExtensions.Ids} ORDER BY "Id"
        """;

    private const string UpdateMessage = """
        UPDATE "Messages" SET "Status" = $status, "LastUpdatedTimestamp" = $updated WHERE "MessageId" = $id
        """;

    private const string UpdateRecipient = """
        UPDATE "MessageRecipients" SET "Status" = $status, "Detail" = $detail WHERE "Id" = $id
        """;

    private const string UpdateAction = """
        UPDATE "MessageActions" SET "Recipients" = $recipients, "Origins" = $origins, "Status" = $status, "AttemptCount" = $attemptCount,
            "NextAttemptTimestamp" = $next, "ExpiresTimestamp" = $expires, "Attempts" = $attempts
        WHERE "Id" = $id
        """;

    public const string InsertAction = """
        INSERT INTO "MessageActions" ("MessageId", "RuleIndex", "RuleName", "ActionIndex", "Type", "Definition", "Origins", "AddedHeaders",
            "Recipients", "Status", "AttemptCount", "NextAttemptTimestamp", "ExpiresTimestamp", "Attempts")
        VALUES ($messageId, $ruleIndex, $ruleName, $actionIndex, $type, $definition, $origins, $headers, $recipients, $status, $attemptCount,
            $next, $expires, $attempts)
        RETURNING "Id"
        """;

    /// <summary>The messages with their recipients and actions, children in id order as EF Core loads them; missing ones are absent.</summary>
    public static async Task<Dictionary<string, ReceivedMessage>> LoadAsync(
        SqliteWriteTransaction transaction, IEnumerable<string> messageIds, CancellationToken ct)
    {
        var ids = messageIds.ToList();
        var messages = new Dictionary<string, ReceivedMessage>(StringComparer.Ordinal);

        await using (var command = Command(transaction, SelectMessages, ids))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var message = new ReceivedMessage
                {
                    MessageId = reader.GetString(0),
                    Status = Enum.Parse<MessageStatus>(reader.GetString(1)),
                    LastUpdatedTimestamp = StoredTimestamp.To(reader.GetInt64(2)),
                    MailFrom = reader.GetString(3),
                    ReceivedTimestamp = StoredTimestamp.To(reader.GetInt64(4)),
                };
                messages[message.MessageId] = message;
            }
        }

        await using (var command = Command(transaction, SelectRecipients, ids))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                messages[reader.GetString(1)].Recipients.Add(new MessageRecipient
                {
                    Id = reader.GetInt64(0),
                    MessageId = reader.GetString(1),
                    Address = reader.GetString(2),
                    Status = Enum.Parse<MessageStatus>(reader.GetString(3)),
                    Detail = reader.IsDBNull(4) ? null : reader.GetString(4),
                });
            }
        }

        await using (var command = Command(transaction, SelectActions, ids))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                messages[reader.GetString(1)].Actions.Add(new MessageAction
                {
                    Id = reader.GetInt64(0),
                    MessageId = reader.GetString(1),
                    RuleIndex = reader.GetInt32(2),
                    RuleName = reader.IsDBNull(3) ? null : reader.GetString(3),
                    ActionIndex = reader.GetInt32(4),
                    Type = Enum.Parse<RuleActionType>(reader.GetString(5)),
                    Definition = reader.IsDBNull(6) ? null : JsonColumn.Read<RuleAction>(reader.GetString(6)),
                    Origins = reader.IsDBNull(7) ? null : JsonColumn.Read<Dictionary<string, List<string>>>(reader.GetString(7)),
                    AddedHeaders = JsonColumn.Read<List<AddedHeader>>(reader.GetString(8)),
                    Recipients = JsonSerializer.Deserialize<List<string>>(reader.GetString(9)) ?? [],
                    Status = Enum.Parse<MessageActionStatus>(reader.GetString(10)),
                    AttemptCount = reader.GetInt32(11),
                    NextAttemptTimestamp = reader.IsDBNull(12) ? null : StoredTimestamp.To(reader.GetInt64(12)),
                    ExpiresTimestamp = StoredTimestamp.To(reader.GetInt64(13)),
                    Attempts = ReadAttempts(reader.GetString(14)),
                });
            }
        }
        return messages;
    }

    /// <summary>
    /// Writes the state of messages loaded by <see cref="LoadAsync"/>: the message's status, every recipient's
    /// status and every action (new ones, with id 0, are inserted and get their id).
    /// </summary>
    public static async Task SaveAsync(
        SqliteWriteTransaction transaction, IEnumerable<ReceivedMessage> messages, CancellationToken ct)
    {
        await using var message = transaction.Command(UpdateMessage);
        await using var recipient = transaction.Command(UpdateRecipient);
        await using var update = transaction.Command(UpdateAction);
        await using var insert = transaction.Command(InsertAction);
        foreach (var m in messages)
        {
            message.Set("$id", m.MessageId);
            message.Set("$status", m.Status.ToString());
            message.Set("$updated", StoredTimestamp.From(m.LastUpdatedTimestamp));
            await message.ExecuteNonQueryAsync(ct);

            foreach (var r in m.Recipients)
            {
                recipient.Set("$id", r.Id);
                recipient.Set("$status", r.Status.ToString());
                recipient.Set("$detail", r.Detail);
                await recipient.ExecuteNonQueryAsync(ct);
            }

            foreach (var a in m.Actions)
            {
                if (a.Id == 0)
                {
                    await InsertActionAsync(insert, m.MessageId, a, ct);
                    continue;
                }
                update.Set("$id", a.Id);
                update.Set("$recipients", JsonSerializer.Serialize(a.Recipients));
                update.Set("$origins", a.Origins is null ? null : JsonColumn.Write(a.Origins));
                update.Set("$status", a.Status.ToString());
                update.Set("$attemptCount", a.AttemptCount);
                update.Set("$next", a.NextAttemptTimestamp is { } next ? StoredTimestamp.From(next) : null);
                update.Set("$expires", StoredTimestamp.From(a.ExpiresTimestamp));
                update.Set("$attempts", WriteAttempts(a.Attempts));
                await update.ExecuteNonQueryAsync(ct);
            }
        }
    }

    /// <summary>
    /// Inserts a new action of the message with <paramref name="insert"/> (a command of <see cref="InsertAction"/>),
    /// attempts included, and gives the action its id. Also used for the planned actions of accepted messages.
    /// </summary>
    public static async Task InsertActionAsync(SqliteCommand insert, string messageId, MessageAction a, CancellationToken ct)
    {
        a.MessageId = messageId;
        insert.Set("$messageId", messageId);
        insert.Set("$ruleIndex", a.RuleIndex);
        insert.Set("$ruleName", a.RuleName);
        insert.Set("$actionIndex", a.ActionIndex);
        insert.Set("$type", a.Type.ToString());
        insert.Set("$definition", a.Definition is null ? null : JsonColumn.Write(a.Definition));
        insert.Set("$origins", a.Origins is null ? null : JsonColumn.Write(a.Origins));
        insert.Set("$headers", JsonColumn.Write(a.AddedHeaders));
        insert.Set("$recipients", JsonSerializer.Serialize(a.Recipients));
        insert.Set("$status", a.Status.ToString());
        insert.Set("$attemptCount", a.AttemptCount);
        insert.Set("$next", a.NextAttemptTimestamp is { } next ? StoredTimestamp.From(next) : null);
        insert.Set("$expires", StoredTimestamp.From(a.ExpiresTimestamp));
        insert.Set("$attempts", WriteAttempts(a.Attempts));
        a.Id = (long)(await insert.ExecuteScalarAsync(ct))!;
    }

    // EF Core's owned JSON: an array of objects with the property names as they are, enums as strings and
    // timestamps as the same sortable integers as the columns.
    private static List<DeliveryAttempt> ReadAttempts(string json)
    {
        var attempts = new List<DeliveryAttempt>();
        using var document = JsonDocument.Parse(json);
        foreach (var element in document.RootElement.EnumerateArray())
        {
            attempts.Add(new DeliveryAttempt
            {
                Timestamp = StoredTimestamp.To(element.GetProperty(nameof(DeliveryAttempt.Timestamp)).GetInt64()),
                Outcome = Enum.Parse<DeliveryOutcome>(element.GetProperty(nameof(DeliveryAttempt.Outcome)).GetString()!),
                Reply = element.TryGetProperty(nameof(DeliveryAttempt.Reply), out var reply) ? reply.GetString() ?? "" : "",
            });
        }
        return attempts;
    }

    private static string WriteAttempts(List<DeliveryAttempt> attempts)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var attempt in attempts)
            {
                writer.WriteStartObject();
                writer.WriteString(nameof(DeliveryAttempt.Outcome), attempt.Outcome.ToString());
                writer.WriteString(nameof(DeliveryAttempt.Reply), attempt.Reply);
                writer.WriteNumber(nameof(DeliveryAttempt.Timestamp), StoredTimestamp.From(attempt.Timestamp));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static SqliteCommand Command(SqliteWriteTransaction transaction, string sql, IEnumerable<string> ids)
    {
        var command = transaction.Command(sql);
        command.SetIds(ids);
        return command;
    }
}
