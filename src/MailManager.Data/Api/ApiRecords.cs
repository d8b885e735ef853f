using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Api;

/// <summary>
/// What the API remembers about its own requests: the <c>ClientToken</c> of each create (kept for a day, as AWS keeps
/// them for hours) and every change, attributed to the access key that made it.
/// </summary>
public sealed class ApiRecords(IDbContextFactory<MailManagerDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan ClientTokenLifetime = TimeSpan.FromHours(24);

    public async Task<ApiIdempotencyRecord?> FindCreateAsync(string operation, string clientToken, CancellationToken ct = default)
    {
        var oldest = time.GetUtcNow() - ClientTokenLifetime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiIdempotencyRecords.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Operation == operation && r.ClientToken == clientToken && r.CreatedTimestamp >= oldest, ct);
    }

    public async Task RecordCreateAsync(string operation, string clientToken, string requestHash, string resourceId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var oldest = now - ClientTokenLifetime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.ApiIdempotencyRecords.Where(r => r.CreatedTimestamp < oldest
            || (r.Operation == operation && r.ClientToken == clientToken)).ExecuteDeleteAsync(ct);
        db.ApiIdempotencyRecords.Add(new ApiIdempotencyRecord
        {
            Operation = operation, ClientToken = clientToken, RequestHash = requestHash, ResourceId = resourceId, CreatedTimestamp = now,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task RecordChangeAsync(string accessKeyId, string operation, string? resourceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiChanges.Add(new ApiChange { Timestamp = time.GetUtcNow(), AccessKeyId = accessKeyId, Operation = operation, ResourceId = resourceId });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The key's latest changes, newest first.</summary>
    public async Task<IReadOnlyList<ApiChange>> ListChangesAsync(string accessKeyId, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiChanges.AsNoTracking().Where(c => c.AccessKeyId == accessKeyId)
            .OrderByDescending(c => c.Id).Take(take).ToListAsync(ct);
    }
}
