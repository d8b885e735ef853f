using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Api;

/// <summary>
/// API access keys as the console manages them (create, list, deactivate, delete) and as signature verification reads
/// them. The secret half is encrypted with Data Protection (keys in the data folder), like secret values.
/// </summary>
public sealed class ApiAccessKeyService(IDbContextFactory<MailManagerDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider time)
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    public const int MaxDescriptionLength = 250;

    /// <summary>"Last used" is written at most this often per key, so that signed requests do not each cost a write.</summary>
    private static readonly TimeSpan UseRecordingInterval = TimeSpan.FromMinutes(1);

    private readonly IDataProtector _protector = protection.CreateProtector("MailManager.ApiAccessKeys.v1");

    public async Task<CreatedApiAccessKey> CreateAsync(string? description, CancellationToken ct = default)
    {
        description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (description?.Length > MaxDescriptionLength)
        {
            throw new ArgumentException($"A description has at most {MaxDescriptionLength} characters.", nameof(description));
        }
        var created = new CreatedApiAccessKey(
            "AKIA" + RandomNumberGenerator.GetString(IdAlphabet, 16),
            RandomNumberGenerator.GetString(SecretAlphabet, 40));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiAccessKeys.Add(new ApiAccessKey
        {
            AccessKeyId = created.AccessKeyId,
            Description = description,
            ProtectedSecret = _protector.Protect(created.SecretAccessKey),
            Active = true,
            CreatedTimestamp = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return created;
    }

    public async Task<IReadOnlyList<ApiAccessKey>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.ApiAccessKeys.AsNoTracking().ToListAsync(ct);
        return [.. keys.OrderByDescending(k => k.CreatedTimestamp)];
    }

    public async Task<ApiAccessKey?> GetAsync(string accessKeyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiAccessKeys.AsNoTracking().FirstOrDefaultAsync(k => k.AccessKeyId == accessKeyId, ct);
    }

    /// <summary>Deactivates or reactivates a key; an inactive key's requests are refused. False when there is no such key.</summary>
    public async Task<bool> SetActiveAsync(string accessKeyId, bool active, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiAccessKeys.Where(k => k.AccessKeyId == accessKeyId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.Active, active), ct) > 0;
    }

    /// <summary>Deletes a key; the changes it made stay attributed to it.</summary>
    public async Task<bool> DeleteAsync(string accessKeyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiAccessKeys.Where(k => k.AccessKeyId == accessKeyId).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>The key's secret half, decrypted for signature verification only; null when there is no such key.</summary>
    public async Task<(string Secret, bool Active)?> FindSecretAsync(string accessKeyId, CancellationToken ct = default)
    {
        var key = await GetAsync(accessKeyId, ct);
        return key is null ? null : (_protector.Unprotect(key.ProtectedSecret), key.Active);
    }

    public async Task RecordUseAsync(string accessKeyId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var stale = now - UseRecordingInterval;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.ApiAccessKeys
            .Where(k => k.AccessKeyId == accessKeyId && (k.LastUsedTimestamp == null || k.LastUsedTimestamp < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedTimestamp, now), ct);
    }
}
