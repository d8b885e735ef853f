using MailManager.Core.Common;
using MailManager.Core.IngressPoints;
using MailManager.Core.Relays;
using MailManager.Core.Secrets;
using MailManager.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Secrets;

/// <summary>Creates, changes and deletes secrets; the only place that sees their values in clear.</summary>
public sealed class SecretService(
    IDbContextFactory<MailManagerDbContext> dbFactory, SecretProtector protector, TimeProvider time)
{
    public async Task<IReadOnlyList<Secret>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Secrets.AsNoTracking().OrderBy(s => s.SecretName).ToListAsync(ct);
    }

    public async Task<Secret?> GetAsync(string secretId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Secrets.AsNoTracking().FirstOrDefaultAsync(s => s.SecretId == secretId, ct);
    }

    public async Task<SaveResult> CreateAsync(SecretDraft draft, CancellationToken ct = default)
    {
        var errors = SecretValidator.Validate(draft);
        if (!errors.IsValid)
        {
            return SaveResult.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Secrets.AnyAsync(s => s.SecretName == draft.Name, ct))
        {
            return NameTaken(draft.Name);
        }

        var now = time.GetUtcNow();
        var secret = new Secret
        {
            SecretId = ResourceId.New(ResourceId.SecretPrefix),
            SecretName = draft.Name,
            Description = NullIfBlank(draft.Description),
            Entries = draft.Entries.Select(e => NewEntry(e.Key, e.Value!, now)).ToList(),
        };
        db.Secrets.Add(secret);
        await db.SaveChangesAsync(ct);
        return SaveResult.Saved(secret.SecretId);
    }

    public async Task<SaveResult> UpdateAsync(string secretId, SecretDraft draft, CancellationToken ct = default)
    {
        var errors = SecretValidator.Validate(draft);
        if (!errors.IsValid)
        {
            return SaveResult.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var secret = await db.Secrets.FirstOrDefaultAsync(s => s.SecretId == secretId, ct);
        if (secret is null)
        {
            return SaveResult.NotFound("secret");
        }
        if (await db.Secrets.AnyAsync(s => s.SecretName == draft.Name && s.SecretId != secretId, ct))
        {
            return NameTaken(draft.Name);
        }

        var relays = await db.Relays.Where(r => r.SecretId == secretId).Select(r => r.RelayName).ToListAsync(ct);
        var keys = draft.Entries.Select(e => e.Key).ToHashSet();
        if (relays.Count > 0 && !keys.SetEquals(RelayCredentialKeys.All))
        {
            return SaveResult.Invalid(nameof(SecretDraft.Entries),
                $"This secret is used by SMTP relay {Names.Quoted(relays)}, which needs exactly the keys 'username' and 'password'.");
        }
        var endpoints = await db.IngressPoints.Where(p => p.SecretId == secretId).Select(p => p.IngressPointName).ToListAsync(ct);
        if (endpoints.Count > 0 && !keys.SetEquals([IngressPointValidator.SecretPasswordKey]))
        {
            return SaveResult.Invalid(nameof(SecretDraft.Entries),
                $"This secret is used by ingress endpoint {Names.Quoted(endpoints)}, which needs exactly the key 'password'.");
        }

        var now = time.GetUtcNow();
        var entries = new List<SecretEntry>();
        foreach (var entry in draft.Entries)
        {
            var stored = secret.Entries.FirstOrDefault(e => e.Key == entry.Key);
            if (entry.Value is null && stored is not null)
            {
                // Values are write-only: the form leaves them null to keep what is stored.
                entries.Add(new SecretEntry { Key = stored.Key, ProtectedValue = stored.ProtectedValue, LastChangedTimestamp = stored.LastChangedTimestamp });
            }
            else if (entry.Value is null)
            {
                return SaveResult.Invalid(SecretValidator.EntryValue(draft.Entries.IndexOf(entry)), "Enter a value.");
            }
            else
            {
                entries.Add(NewEntry(entry.Key, entry.Value, now));
            }
        }

        secret.SecretName = draft.Name;
        secret.Description = NullIfBlank(draft.Description);
        secret.Entries = entries;
        db.Entry(secret).State = EntityState.Modified;
        await db.SaveChangesAsync(ct);
        return SaveResult.Saved(secret.SecretId);
    }

    public async Task<DeleteResult> DeleteAsync(string secretId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var relays = await db.Relays.Where(r => r.SecretId == secretId).Select(r => r.RelayName).ToListAsync(ct);
        if (relays.Count > 0)
        {
            return DeleteResult.Refused($"This secret is used by SMTP relay {Names.Quoted(relays)}. Change or delete the relay first.");
        }
        var endpoints = await db.IngressPoints.Where(p => p.SecretId == secretId).Select(p => p.IngressPointName).ToListAsync(ct);
        if (endpoints.Count > 0)
        {
            return DeleteResult.Refused($"This secret is used by ingress endpoint {Names.Quoted(endpoints)}. Replace its secret or delete the endpoint first.");
        }
        var ruleSets = (await db.RuleSets.AsNoTracking().ToListAsync(ct))
            .Where(rs => rs.ReferencedSecretIds.Contains(secretId)).Select(rs => rs.RuleSetName).ToList();
        if (ruleSets.Count > 0)
        {
            return DeleteResult.Refused($"This secret is used by rule set {Names.Quoted(ruleSets)}. Remove its webhook actions' secret first.");
        }
        await db.ResourceTags.Where(t => t.ResourceId == secretId).ExecuteDeleteAsync(ct);
        await db.DeleteConfigurationAsync(db.Secrets.Where(s => s.SecretId == secretId), ct);
        return DeleteResult.Done;
    }

    /// <summary>The secret's values in clear, for authenticating to a relay or checking an SMTP password. Never shown in the console.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> ReadValuesAsync(string secretId, CancellationToken ct = default)
    {
        var secret = await GetAsync(secretId, ct);
        return secret?.Entries.ToDictionary(e => e.Key, e => protector.Unprotect(e.ProtectedValue), StringComparer.Ordinal);
    }

    private SecretEntry NewEntry(string key, string value, DateTimeOffset now) =>
        new() { Key = key, ProtectedValue = protector.Protect(value), LastChangedTimestamp = now };

    private static SaveResult NameTaken(string name) =>
        SaveResult.Conflict(nameof(SecretDraft.Name), $"A secret named '{name}' already exists.");

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
