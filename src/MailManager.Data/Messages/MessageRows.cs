using MailManager.Core.Messages;
using MailManager.Data.Common;
using Microsoft.Data.Sqlite;

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
    private const string InsertMessage = """
        INSERT INTO "Messages" ("MessageId", "IngressPointId", "IngressPointName", "SessionId", "ReceivedTimestamp", "SourceIp",
            "HeloName", "TlsProtocol", "TlsCipherSuite", "AuthenticatedUser", "MailFrom", "SizeBytes", "Status", "Subject", "Headers",
            "RuleSetId", "RuleMatches", "LastUpdatedTimestamp")
        VALUES ($id, $endpoint, $endpointName, $session, $received, $ip, $helo, $tls, $cipher, $user, $from, $size, $status, $subject,
            $headers, $ruleSet, $rules, $updated)
        """;

    private const string InsertRecipient = """
        INSERT INTO "MessageRecipients" ("MessageId", "Address", "Status", "Detail") VALUES ($id, $address, $status, $detail)
        """;

    /// <summary>Inserts the messages in one transaction: all of them, or none.</summary>
    public static async Task InsertAsync(SqliteConnection connection, IReadOnlyList<ReceivedMessage> messages, CancellationToken ct)
    {
        await using var transaction = SqliteWriteTransaction.Begin(connection);
        await using var message = transaction.Command(InsertMessage);
        await using var recipient = transaction.Command(InsertRecipient);
        await using var action = transaction.Command(MessageStateRows.InsertAction);

        foreach (var m in messages)
        {
            message.Set("$id", m.MessageId);
            message.Set("$endpoint", m.IngressPointId);
            message.Set("$endpointName", m.IngressPointName);
            message.Set("$session", m.SessionId);
            message.Set("$received", StoredTimestamp.From(m.ReceivedTimestamp));
            message.Set("$ip", m.SourceIp);
            message.Set("$helo", m.HeloName);
            message.Set("$tls", m.TlsProtocol);
            message.Set("$cipher", m.TlsCipherSuite);
            message.Set("$user", m.AuthenticatedUser);
            message.Set("$from", m.MailFrom);
            message.Set("$size", m.SizeBytes);
            message.Set("$status", m.Status.ToString());
            message.Set("$subject", m.Subject);
            message.Set("$headers", m.Headers);
            message.Set("$ruleSet", m.RuleSetId);
            message.Set("$rules", JsonColumn.Write(m.RuleMatches));
            message.Set("$updated", StoredTimestamp.From(m.LastUpdatedTimestamp));
            await message.ExecuteNonQueryAsync(ct);

            foreach (var r in m.Recipients)
            {
                recipient.Set("$id", m.MessageId);
                recipient.Set("$address", r.Address);
                recipient.Set("$status", r.Status.ToString());
                recipient.Set("$detail", r.Detail);
                await recipient.ExecuteNonQueryAsync(ct);
            }

            foreach (var a in m.Actions)
            {
                await MessageStateRows.InsertActionAsync(action, m.MessageId, a, ct);
            }
        }
        await transaction.CommitAsync(ct);
    }
}
