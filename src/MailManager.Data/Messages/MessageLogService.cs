using MailManager.Core.Messages;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Messages;

/// <summary>
/// The message log as the console reads it: pages of received messages, newest first, filtered in SQL
/// (the log grows without bound, so nothing here loads more than one page of rows), and one message in full.
/// </summary>
public sealed class MessageLogService(IDbContextFactory<MailManagerDbContext> dbFactory)
{
    public async Task<MessageLogPage> SearchAsync(MessageLogQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, MessageLogQuery.MaxPageSize);
        var pageIndex = Math.Max(query.PageIndex, 0);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var matching = Filter(db.Messages.AsNoTracking(), query);
        var total = await matching.CountAsync(ct);
        var items = await matching
            // The message ID breaks ties between messages received in the same tick, so pages never overlap.
            .OrderByDescending(m => m.ReceivedTimestamp).ThenByDescending(m => m.MessageId)
            .Skip(pageIndex * pageSize).Take(pageSize)
            .Select(m => new MessageLogEntry
            {
                MessageId = m.MessageId,
                ReceivedTimestamp = m.ReceivedTimestamp,
                IngressPointId = m.IngressPointId,
                IngressPointName = m.IngressPointName,
                SourceIp = m.SourceIp,
                MailFrom = m.MailFrom,
                // In the order the client gave them (RCPT TO order), which is the order they were inserted.
                Recipients = m.Recipients.OrderBy(r => r.Id).Select(r => r.Address).ToList(),
                SizeBytes = m.SizeBytes,
                Status = m.Status,
                Subject = m.Subject,
            })
            .ToListAsync(ct);
        return new MessageLogPage(items, total);
    }

    /// <summary>A message with its recipients and the actions taken for it, each with its delivery attempts.</summary>
    public async Task<ReceivedMessage?> GetAsync(string messageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Messages.AsNoTracking()
            .Include(m => m.Recipients.OrderBy(r => r.Id))
            .Include(m => m.Actions.OrderBy(a => a.RuleIndex).ThenBy(a => a.ActionIndex))
            // Two collections in one join would repeat every recipient for every action.
            .AsSplitQuery()
            .FirstOrDefaultAsync(m => m.MessageId == messageId, ct);
    }

    /// <summary>
    /// The endpoints to filter by: today's endpoints, and endpoints deleted since that still have messages in
    /// the log (their name as the messages recorded it), by name.
    /// </summary>
    public async Task<IReadOnlyList<MessageLogEndpoint>> ListEndpointsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoints = await db.IngressPoints.AsNoTracking()
            .Select(p => new MessageLogEndpoint(p.IngressPointId, p.IngressPointName))
            .ToListAsync(ct);
        var known = endpoints.Select(e => e.IngressPointId).ToHashSet(StringComparer.Ordinal);

        // DISTINCT on the indexed column reads the (IngressPointId, ReceivedTimestamp) index, not the message rows.
        var logged = await db.Messages.Select(m => m.IngressPointId).Distinct().ToListAsync(ct);
        foreach (var deletedId in logged.Where(id => !known.Contains(id)))
        {
            var name = await db.Messages.Where(m => m.IngressPointId == deletedId)
                .OrderByDescending(m => m.ReceivedTimestamp)
                .Select(m => m.IngressPointName)
                .FirstAsync(ct);
            endpoints.Add(new MessageLogEndpoint(deletedId, name));
        }
        return endpoints.OrderBy(e => e.IngressPointName, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.IngressPointId, StringComparer.Ordinal).ToList();
    }

    private static IQueryable<ReceivedMessage> Filter(IQueryable<ReceivedMessage> messages, MessageLogQuery query)
    {
        if (!string.IsNullOrEmpty(query.IngressPointId))
        {
            messages = messages.Where(m => m.IngressPointId == query.IngressPointId);
        }
        if (query.Status is { } status)
        {
            messages = messages.Where(m => m.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(query.Address))
        {
            var needle = AsciiLower(query.Address.Trim());
            messages = messages.Where(m => m.MailFrom.ToLower().Contains(needle)
                || m.Recipients.Any(r => r.Address.ToLower().Contains(needle)));
        }
        return messages;
    }

    // SQLite's lower() folds only A-Z; folding anything more in the search text would make it miss addresses
    // that SQLite left as they were (an "Ö" stays "Ö" on both sides this way).
    private static string AsciiLower(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] | 0x20) : source[i];
            }
        });
}
