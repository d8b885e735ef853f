using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Api;

/// <summary>Tags on resources (SES <c>TagResource</c>, <c>UntagResource</c>, <c>ListTagsForResource</c>, <c>Tags</c> on create).</summary>
public sealed class ResourceTagService(IDbContextFactory<MailManagerDbContext> dbFactory)
{
    /// <summary>SES's limit of tags on one resource.</summary>
    public const int MaxTagsPerResource = 200;

    public async Task<IReadOnlyList<ResourceTag>> ListAsync(string resourceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tags = await db.ResourceTags.AsNoTracking().Where(t => t.ResourceId == resourceId).ToListAsync(ct);
        return [.. tags.OrderBy(t => t.Key, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Adds the tags or replaces the values of keys already there. False, with nothing changed, when the resource would
    /// then have more than <see cref="MaxTagsPerResource"/> tags.
    /// </summary>
    public async Task<bool> SetAsync(string resourceId, IReadOnlyCollection<KeyValuePair<string, string>> tags, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.ResourceTags.Where(t => t.ResourceId == resourceId).ToDictionaryAsync(t => t.Key, StringComparer.Ordinal, ct);
        foreach (var (key, value) in tags)
        {
            if (existing.TryGetValue(key, out var tag))
            {
                tag.Value = value;
            }
            else
            {
                existing[key] = tag = new ResourceTag { ResourceId = resourceId, Key = key, Value = value };
                db.ResourceTags.Add(tag);
            }
        }
        if (existing.Count > MaxTagsPerResource)
        {
            return false;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task RemoveAsync(string resourceId, IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.ResourceTags.Where(t => t.ResourceId == resourceId && keys.Contains(t.Key)).ExecuteDeleteAsync(ct);
    }

    public async Task RemoveAllAsync(string resourceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.ResourceTags.Where(t => t.ResourceId == resourceId).ExecuteDeleteAsync(ct);
    }
}
