using MailManager.Core.VerdictLog;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.VerdictLog;

/// <summary>
/// The verdict log as the console reads it: pages of sessions filtered in SQL (the log holds every session of the
/// retention period, so nothing loads more than a page), and one session with every recipient's verdict.
/// </summary>
public sealed class VerdictLogService(IDbContextFactory<VerdictLogDbContext> dbFactory)
{
    public async Task<SessionLogPage> SearchAsync(SessionLogQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, SessionLogQuery.MaxPageSize);
        var pageIndex = Math.Max(query.PageIndex, 0);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var matching = Filter(db.Sessions.AsNoTracking(), query);
        var total = await matching.CountAsync(ct);
        var rows = await matching
            .OrderByDescending(s => s.StartedTimestamp).ThenByDescending(s => s.Id)
            .Skip(pageIndex * pageSize).Take(pageSize)
            .Select(s => new
            {
                Session = new SessionLogRow
                {
                    Id = s.Id,
                    SessionId = s.SessionId,
                    StartedTimestamp = s.StartedTimestamp,
                    IngressPointId = s.IngressPointId,
                    IngressPointName = s.IngressPointName,
                    SourceIp = s.SourceIp,
                    HeloName = s.HeloName,
                    TlsProtocol = s.TlsProtocol,
                    AuthenticatedUser = s.AuthenticatedUser,
                    FailedAuthAttempts = s.FailedAuthAttempts,
                    ConnectionRefusedReason = s.ConnectionRefusedReason,
                    MessagesAccepted = s.MessagesAccepted,
                    RecipientsAccepted = s.RecipientsAccepted,
                    RecipientsRefused = s.RecipientsRefused,
                },
                // Without the evaluation JSON: the list says what decided, the detail says why.
                FirstRefusal = s.Recipients.Where(r => r.Verdict == TrafficPolicyVerdictValue.Reject).OrderBy(r => r.Id)
                    .Select(r => new
                    {
                        r.Address, r.MailFrom, r.Scope, r.DecidedBy, r.StatementIndex, r.Action,
                        r.AllowedMessageSize, r.ReceivedMessageSize, r.DataRefusal,
                    })
                    .FirstOrDefault(),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => r.Session with
        {
            FirstRefusal = r.FirstRefusal is not { } f ? null : new RecipientVerdictEntry
            {
                Address = f.Address,
                MailFrom = f.MailFrom,
                Verdict = TrafficPolicyVerdictValue.Reject,
                Scope = f.Scope,
                DecidedBy = f.DecidedBy,
                StatementIndex = f.StatementIndex,
                Action = f.Action,
                AllowedMessageSize = f.AllowedMessageSize,
                ReceivedMessageSize = f.ReceivedMessageSize,
                DataRefusal = f.DataRefusal,
            },
        }).ToList();
        return new SessionLogPage(items, total);
    }

    /// <summary>A session with its recipients in the order they were judged, each with its evaluation.</summary>
    public async Task<SessionLogEntry?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Sessions.AsNoTracking()
            .Include(s => s.Recipients.OrderBy(r => r.Id))
            .FirstOrDefaultAsync(s => s.Id == id, ct);
    }

    /// <summary>The endpoints sessions were logged on, with the name the newest session recorded.</summary>
    public async Task<IReadOnlyList<(string IngressPointId, string IngressPointName)>> ListEndpointsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = await db.Sessions.Select(s => s.IngressPointId).Distinct().ToListAsync(ct);
        var endpoints = new List<(string, string)>(ids.Count);
        foreach (var id in ids)
        {
            var name = await db.Sessions.Where(s => s.IngressPointId == id).OrderByDescending(s => s.StartedTimestamp)
                .Select(s => s.IngressPointName).FirstAsync(ct);
            endpoints.Add((id, name));
        }
        return endpoints;
    }

    private static IQueryable<SessionLogEntry> Filter(IQueryable<SessionLogEntry> sessions, SessionLogQuery query)
    {
        if (!string.IsNullOrEmpty(query.IngressPointId))
        {
            sessions = sessions.Where(s => s.IngressPointId == query.IngressPointId);
        }
        sessions = query.Verdict switch
        {
            SessionVerdictFilter.Refused => sessions.Where(s => s.HasRefusals),
            SessionVerdictFilter.Accepted => sessions.Where(s => s.RecipientsAccepted > 0),
            _ => sessions,
        };
        if (query.StartedFrom is { } from)
        {
            sessions = sessions.Where(s => s.StartedTimestamp >= from);
        }
        if (query.StartedBefore is { } before)
        {
            sessions = sessions.Where(s => s.StartedTimestamp < before);
        }
        if (!string.IsNullOrWhiteSpace(query.Address))
        {
            var needle = AsciiLower(query.Address.Trim());
            sessions = sessions.Where(s => s.Recipients.Any(r => r.Address.ToLower().Contains(needle) || r.MailFrom.ToLower().Contains(needle)));
        }
        return sessions;
    }

    // As in the message log: SQLite's lower() folds only A-Z, so the needle is folded the same way.
    private static string AsciiLower(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] | 0x20) : source[i];
            }
        });
}
