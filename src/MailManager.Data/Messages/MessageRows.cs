using System.Text.Json;
using MailManager.Core.Messages;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MailManager.Data.Messages;

/// <summary>
/// Inserts accepted messages, with their recipients and planned actions, through prepared SQLite statements:
/// this runs for every message before its 250, and EF Core's change tracking and command building cost more
/// than the inserts themselves. The columns and value formats are the ones EF Core maps (see the configurations
/// and <see cref="MailManagerDbContext"/>); everything else reads these rows through EF Core, and the tests read
/// rows written here back through it.
/// </summary>
internal static class MessageRows
{
    private static readonly DateTimeOffsetToBinaryConverter Timestamp = new();

    private const string InsertMessage = """
        INSERT INTO "Messages" ("MessageId", "IngressPointId", "IngressPointName", "SessionId", "ReceivedTimestamp", "SourceIp",
            "HeloName", "TlsProtocol", "TlsCipherSuite", "AuthenticatedUser", "MailFrom", "SizeBytes", "Status", "Subject", "Headers",
            "RuleSetId", "LastUpdatedTimestamp")
        VALUES ($id, $endpoint, $endpointName, $session, $received, $ip, $helo, $tls, $cipher, $user, $from, $size, $status, $subject,
            $headers, $ruleSet, $updated)
        """;

    private const string InsertRecipient = """
        INSERT INTO "MessageRecipients" ("MessageId", "Address", "Status", "Detail") VALUES ($id, $address, $status, $detail)
        """;

    private const string InsertAction = """
        INSERT INTO "MessageActions" ("MessageId", "RuleIndex", "RuleName", "ActionIndex", "Type", "RelayId", "MailFrom", "Recipients",
            "Status", "AttemptCount", "NextAttemptTimestamp", "ExpiresTimestamp", "Attempts")
        VALUES ($id, $ruleIndex, $ruleName, $actionIndex, $type, $relay, $mailFrom, $recipients, $status, $attempts, $next, $expires, '[]')
        """;

    /// <summary>Inserts the messages in one transaction: all of them, or none.</summary>
    public static async Task InsertAsync(MailManagerDbContext db, IReadOnlyList<ReceivedMessage> messages, CancellationToken ct)
    {
        // Opened through EF Core so its connection interceptors (the busy timeout) apply.
        await db.Database.OpenConnectionAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var sqliteTransaction = (SqliteTransaction)transaction.GetDbTransaction();
        await using var message = Command(connection, sqliteTransaction, InsertMessage);
        await using var recipient = Command(connection, sqliteTransaction, InsertRecipient);
        await using var action = Command(connection, sqliteTransaction, InsertAction);

        foreach (var m in messages)
        {
            Set(message, "$id", m.MessageId);
            Set(message, "$endpoint", m.IngressPointId);
            Set(message, "$endpointName", m.IngressPointName);
            Set(message, "$session", m.SessionId);
            Set(message, "$received", Timestamp.ConvertToProvider(m.ReceivedTimestamp));
            Set(message, "$ip", m.SourceIp);
            Set(message, "$helo", m.HeloName);
            Set(message, "$tls", m.TlsProtocol);
            Set(message, "$cipher", m.TlsCipherSuite);
            Set(message, "$user", m.AuthenticatedUser);
            Set(message, "$from", m.MailFrom);
            Set(message, "$size", m.SizeBytes);
            Set(message, "$status", m.Status.ToString());
            Set(message, "$subject", m.Subject);
            Set(message, "$headers", m.Headers);
            Set(message, "$ruleSet", m.RuleSetId);
            Set(message, "$updated", Timestamp.ConvertToProvider(m.LastUpdatedTimestamp));
            await message.ExecuteNonQueryAsync(ct);

            foreach (var r in m.Recipients)
            {
                Set(recipient, "$id", m.MessageId);
                Set(recipient, "$address", r.Address);
                Set(recipient, "$status", r.Status.ToString());
                Set(recipient, "$detail", r.Detail);
                await recipient.ExecuteNonQueryAsync(ct);
            }

            foreach (var a in m.Actions)
            {
                if (a.Attempts.Count > 0)
                {
                    throw new InvalidOperationException("A newly accepted message has no delivery attempts yet.");
                }
                Set(action, "$id", m.MessageId);
                Set(action, "$ruleIndex", a.RuleIndex);
                Set(action, "$ruleName", a.RuleName);
                Set(action, "$actionIndex", a.ActionIndex);
                Set(action, "$type", a.Type.ToString());
                Set(action, "$relay", a.RelayId);
                Set(action, "$mailFrom", a.MailFrom?.ToString());
                Set(action, "$recipients", JsonSerializer.Serialize(a.Recipients));
                Set(action, "$status", a.Status.ToString());
                Set(action, "$attempts", a.AttemptCount);
                Set(action, "$next", a.NextAttemptTimestamp is { } next ? Timestamp.ConvertToProvider(next) : null);
                Set(action, "$expires", Timestamp.ConvertToProvider(a.ExpiresTimestamp));
                await action.ExecuteNonQueryAsync(ct);
            }
        }
        await transaction.CommitAsync(ct);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Set(SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        else
        {
            parameters[index].Value = value ?? DBNull.Value;
        }
    }
}
