using MailManager.Core.Common;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.TrafficPolicies;

public sealed class TrafficPolicyService(IDbContextFactory<MailManagerDbContext> dbFactory)
{
    public async Task<IReadOnlyList<TrafficPolicy>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TrafficPolicies.AsNoTracking().OrderBy(p => p.TrafficPolicyName).ToListAsync(ct);
    }

    public async Task<TrafficPolicy?> GetAsync(string trafficPolicyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TrafficPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.TrafficPolicyId == trafficPolicyId, ct);
    }

    public Task<SaveResult> CreateAsync(TrafficPolicyDraft draft, CancellationToken ct = default) =>
        SaveAsync(null, draft, ct);

    public Task<SaveResult> UpdateAsync(string trafficPolicyId, TrafficPolicyDraft draft, CancellationToken ct = default) =>
        SaveAsync(trafficPolicyId, draft, ct);

    public async Task<DeleteResult> DeleteAsync(string trafficPolicyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoints = await db.IngressPoints.Where(p => p.TrafficPolicyId == trafficPolicyId).Select(p => p.IngressPointName).ToListAsync(ct);
        if (endpoints.Count > 0)
        {
            return DeleteResult.Refused($"This traffic policy is used by ingress endpoint {Names.Quoted(endpoints)}. Choose another traffic policy for it first.");
        }
        await db.ResourceTags.Where(t => t.ResourceId == trafficPolicyId).ExecuteDeleteAsync(ct);
        await db.DeleteConfigurationAsync(db.TrafficPolicies.Where(p => p.TrafficPolicyId == trafficPolicyId), ct);
        return DeleteResult.Done;
    }

    private async Task<SaveResult> SaveAsync(string? trafficPolicyId, TrafficPolicyDraft draft, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var errors = TrafficPolicyValidator.Validate(draft);
        if (draft.PolicyStatements is { } statements)
        {
            statements.SelectMany(s => s.Conditions).ToList().ForEach(c => c.TrimValues());
            // A condition's address list must exist (at most 100 IDs, read once for every condition).
            var addressLists = await db.AddressLists.Select(l => l.AddressListId).ToHashSetAsync(StringComparer.Ordinal, ct);
            foreach (var (field, messages) in PolicyStatementValidator.Validate(statements, addressLists.Contains).ByField)
            {
                messages.ForEach(message => errors.Add(field, message));
            }
        }
        if (!errors.IsValid)
        {
            return SaveResult.Invalid(errors);
        }

        if (await db.TrafficPolicies.AnyAsync(p => p.TrafficPolicyName == draft.Name && p.TrafficPolicyId != trafficPolicyId, ct))
        {
            return SaveResult.Conflict(nameof(TrafficPolicyDraft.Name), $"A traffic policy named '{draft.Name}' already exists.");
        }

        TrafficPolicy? policy;
        if (trafficPolicyId is null && await db.TrafficPolicies.CountAsync(ct) >= TrafficPolicyValidator.MaxTrafficPolicies)
        {
            return SaveResult.QuotaExceeded(nameof(TrafficPolicyDraft.Name),
                $"There are already {TrafficPolicyValidator.MaxTrafficPolicies} traffic policies, the most allowed. Delete one you no longer use first.");
        }
        if (trafficPolicyId is null)
        {
            policy = new TrafficPolicy { TrafficPolicyId = ResourceId.New(ResourceId.TrafficPolicyPrefix) };
            db.TrafficPolicies.Add(policy);
        }
        else
        {
            policy = await db.TrafficPolicies.FirstOrDefaultAsync(p => p.TrafficPolicyId == trafficPolicyId, ct);
            if (policy is null)
            {
                return SaveResult.NotFound("traffic policy");
            }
        }

        policy.TrafficPolicyName = draft.Name;
        policy.DefaultAction = draft.DefaultAction;
        policy.MaxMessageSizeBytes = draft.MaxMessageSizeBytes;
        if (draft.PolicyStatements is not null)
        {
            policy.PolicyStatements = draft.PolicyStatements;
        }
        await db.SaveChangesAsync(ct);
        return SaveResult.Saved(policy.TrafficPolicyId);
    }
}
