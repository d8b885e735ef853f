using MailManager.Core.Common;
using MailManager.Core.Relays;
using MailManager.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Relays;

public sealed class RelayService(IDbContextFactory<MailManagerDbContext> dbFactory)
{
    public async Task<IReadOnlyList<Relay>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Relays.AsNoTracking().OrderBy(r => r.RelayName).ToListAsync(ct);
    }

    public async Task<Relay?> GetAsync(string relayId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Relays.AsNoTracking().FirstOrDefaultAsync(r => r.RelayId == relayId, ct);
    }

    public Task<SaveResult> CreateAsync(RelayDraft draft, CancellationToken ct = default) =>
        SaveAsync(null, draft, ct);

    public Task<SaveResult> UpdateAsync(string relayId, RelayDraft draft, CancellationToken ct = default) =>
        SaveAsync(relayId, draft, ct);

    public async Task<DeleteResult> DeleteAsync(string relayId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = (await db.RuleSets.AsNoTracking().ToListAsync(ct))
            .Where(rs => rs.ReferencedRelayIds.Contains(relayId))
            .Select(rs => rs.RuleSetName)
            .ToList();
        if (users.Count > 0)
        {
            return DeleteResult.Refused($"This SMTP relay is used by rule set {Names.Quoted(users)}. Remove its relay and bounce actions on it first.");
        }
        await db.ResourceTags.Where(t => t.ResourceId == relayId).ExecuteDeleteAsync(ct);
        await db.DeleteConfigurationAsync(db.Relays.Where(r => r.RelayId == relayId), ct);
        return DeleteResult.Done;
    }

    private async Task<SaveResult> SaveAsync(string? relayId, RelayDraft draft, CancellationToken ct)
    {
        var errors = RelayValidator.Validate(draft);
        if (!errors.IsValid)
        {
            return SaveResult.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Relays.AnyAsync(r => r.RelayName == draft.Name && r.RelayId != relayId, ct))
        {
            return SaveResult.Conflict(nameof(RelayDraft.Name), $"An SMTP relay named '{draft.Name}' already exists.");
        }
        if (draft.SecretId is not null)
        {
            var secret = await db.Secrets.AsNoTracking().FirstOrDefaultAsync(s => s.SecretId == draft.SecretId, ct);
            if (secret is null)
            {
                return SaveResult.Invalid(nameof(RelayDraft.SecretId), "The selected secret no longer exists. Refresh the list.");
            }
            // SES accepts any secret and fails at delivery; we refuse it up front (issue #2).
            if (!secret.HasExactlyKeys(RelayCredentialKeys.All))
            {
                return SaveResult.Invalid(nameof(RelayDraft.SecretId),
                    $"The secret '{secret.SecretName}' must contain exactly the keys 'username' and 'password'; it has {string.Join(", ", secret.Keys.Select(k => $"'{k}'"))}.");
            }
        }

        Relay? relay;
        if (relayId is null)
        {
            relay = new Relay { RelayId = ResourceId.New(ResourceId.RelayPrefix) };
            db.Relays.Add(relay);
        }
        else
        {
            relay = await db.Relays.FirstOrDefaultAsync(r => r.RelayId == relayId, ct);
            if (relay is null)
            {
                return SaveResult.NotFound("SMTP relay");
            }
        }

        relay.RelayName = draft.Name;
        relay.ServerName = draft.ServerName.Trim();
        relay.ServerPort = draft.ServerPort!.Value;
        relay.SecretId = draft.SecretId;
        await db.SaveChangesAsync(ct);
        return SaveResult.Saved(relay.RelayId);
    }
}
