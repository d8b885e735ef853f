using System.Text.Json;
using System.Text.Json.Serialization;
using MailManager.Core.VerdictLog;
using MailManager.Data.Common;
using Microsoft.Data.Sqlite;

namespace MailManager.Data.VerdictLog;

/// <summary>
/// Inserts the writer's batches through prepared SQLite statements: under a flood of refused sessions EF Core's change
/// tracking and command building cost several times the inserts themselves, and the writer shares the machine's
/// cores with the sessions it records. The columns and formats are the ones <see cref="VerdictLogDbContext"/> maps
/// (enums as their names, timestamps as EF Core's sortable integers, the evaluation as the owned collection's JSON);
/// the console reads these rows through EF Core, and the tests read rows written here back through it.
/// </summary>
internal static class VerdictLogRows
{
    private const string InsertSession = """
        INSERT INTO "Sessions" ("SessionId", "IngressPointId", "IngressPointName", "TrafficPolicyId", "TrafficPolicyName", "SourceIp",
            "HeloName", "TlsProtocol", "TlsCipherSuite", "AuthenticatedUser", "FailedAuthAttempts", "ConnectionRefusedReason", "EndReason",
            "StartedTimestamp", "EndedTimestamp", "MessagesAccepted", "RecipientsAccepted", "RecipientsRefused", "HasRefusals")
        VALUES ($session, $endpoint, $endpointName, $policy, $policyName, $ip, $helo, $tls, $cipher, $user, $failedAuth, $refused, $end,
            $started, $ended, $messages, $accepted, $rejected, $hasRefusals)
        RETURNING "Id"
        """;

    private const string InsertRecipient = """
        INSERT INTO "RecipientVerdicts" ("SessionLogEntryId", "Timestamp", "Address", "MailFrom", "Verdict", "Scope", "DecidedBy",
            "StatementIndex", "Action", "AllowedMessageSize", "ReceivedMessageSize", "DataRefusal", "Evaluation")
        VALUES ($sessionId, $time, $address, $from, $verdict, $scope, $decidedBy, $statement, $action, $allowed, $received, $dataRefusal, $evaluation)
        """;

    // EF Core's JSON for owned collections: CLR property names, and enums as configured (HasConversion<string>).
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Inserts the sessions with their recipients in one transaction: all of them, or none.</summary>
    public static async Task InsertAsync(SqliteConnection connection, IReadOnlyList<SessionLogEntry> sessions, CancellationToken ct)
    {
        await using var transaction = SqliteWriteTransaction.Begin(connection);
        await using var session = transaction.Command(InsertSession);
        await using var recipient = transaction.Command(InsertRecipient);
        foreach (var s in sessions)
        {
            session.Set("$session", s.SessionId);
            session.Set("$endpoint", s.IngressPointId);
            session.Set("$endpointName", s.IngressPointName);
            session.Set("$policy", s.TrafficPolicyId);
            session.Set("$policyName", s.TrafficPolicyName);
            session.Set("$ip", s.SourceIp);
            session.Set("$helo", s.HeloName);
            session.Set("$tls", s.TlsProtocol);
            session.Set("$cipher", s.TlsCipherSuite);
            session.Set("$user", s.AuthenticatedUser);
            session.Set("$failedAuth", s.FailedAuthAttempts);
            session.Set("$refused", s.ConnectionRefusedReason);
            session.Set("$end", s.EndReason.ToString());
            session.Set("$started", StoredTimestamp.From(s.StartedTimestamp));
            session.Set("$ended", StoredTimestamp.From(s.EndedTimestamp));
            session.Set("$messages", s.MessagesAccepted);
            session.Set("$accepted", s.RecipientsAccepted);
            session.Set("$rejected", s.RecipientsRefused);
            session.Set("$hasRefusals", s.HasRefusals);
            var id = (long)(await session.ExecuteScalarAsync(ct))!;
            s.Id = id;

            foreach (var r in s.Recipients)
            {
                recipient.Set("$sessionId", id);
                recipient.Set("$time", StoredTimestamp.From(r.Timestamp));
                recipient.Set("$address", r.Address);
                recipient.Set("$from", r.MailFrom);
                recipient.Set("$verdict", r.Verdict.ToString());
                recipient.Set("$scope", r.Scope.ToString());
                recipient.Set("$decidedBy", r.DecidedBy.ToString());
                recipient.Set("$statement", r.StatementIndex);
                recipient.Set("$action", r.Action.ToString());
                recipient.Set("$allowed", r.AllowedMessageSize);
                recipient.Set("$received", r.ReceivedMessageSize);
                recipient.Set("$dataRefusal", r.DataRefusal);
                recipient.Set("$evaluation", JsonSerializer.Serialize(r.Evaluation, Json));
                await recipient.ExecuteNonQueryAsync(ct);
            }
        }
        await transaction.CommitAsync(ct);
    }
}
