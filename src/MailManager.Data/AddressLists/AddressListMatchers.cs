using MailManager.Core.Conditions;
using MailManager.Data.Common;
using Microsoft.Data.Sqlite;

namespace MailManager.Data.AddressLists;

/// <summary>
/// The compiled members of address lists for the SMTP path (the one place that builds them): an
/// <see cref="AddressListMatcher"/> per list, rebuilt only when that list's <c>MembersRevision</c> moved, from one
/// query over its key. A policy that names ten lists of which one changed costs one small query and one rebuild.
/// </summary>
public sealed class AddressListMatchers(SqliteConnections connections)
{
    private static readonly AddressListMatcher NoMembers = new([]);

    private readonly Dictionary<string, (long Revision, AddressListMatcher Matcher)> _compiled = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Every list's revision (at most 100 lists): lists deleted since are dropped from the cache, so it holds no more
    // than the lists that exist.
    internal const string RevisionsSql = "SELECT AddressListId, MembersRevision FROM AddressLists";
    internal const string MembersSql = "SELECT FoldedAddress FROM AddressListMembers WHERE AddressListId = $list";

    /// <summary>
    /// The matchers of <paramref name="addressListIds"/>, current as of now. A list that no longer exists (deleted
    /// while a policy still named it, which deletion refuses) matches no one.
    /// </summary>
    public async Task<Func<string, AddressListMatcher?>> GetAsync(IEnumerable<string> addressListIds, CancellationToken ct)
    {
        var ids = addressListIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return _ => null;
        }

        // One at a time: sessions opening together after a change build each list once, not once each.
        await _gate.WaitAsync(ct);
        try
        {
            await using var connection = await connections.OpenAsync(ct);
            var revisions = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = RevisionsSql;
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    revisions[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            foreach (var gone in _compiled.Keys.Where(id => !revisions.ContainsKey(id)).ToList())
            {
                _compiled.Remove(gone);
            }

            var result = new Dictionary<string, AddressListMatcher>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                if (!revisions.TryGetValue(id, out var revision))
                {
                    result[id] = NoMembers;
                    continue;
                }
                if (!_compiled.TryGetValue(id, out var compiled) || compiled.Revision != revision)
                {
                    compiled = (revision, new AddressListMatcher(await LoadAsync(connection, id, ct)));
                    _compiled[id] = compiled;
                }
                result[id] = compiled.Matcher;
            }
            return id => result.GetValueOrDefault(id);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<List<string>> LoadAsync(SqliteConnection connection, string id, CancellationToken ct)
    {
        var members = new List<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = MembersSql;
        command.Set("$list", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            members.Add(reader.GetString(0));
        }
        return members;
    }
}
