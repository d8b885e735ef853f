using MailManager.Core.Common;
using MailManager.Core.RuleSets;
using MailManager.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.RuleSets;

public sealed class RuleSetService(IDbContextFactory<MailManagerDbContext> dbFactory)
{
    public async Task<IReadOnlyList<RuleSet>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RuleSets.AsNoTracking().OrderBy(r => r.RuleSetName).ToListAsync(ct);
    }

    public async Task<RuleSet?> GetAsync(string ruleSetId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RuleSets.AsNoTracking().FirstOrDefaultAsync(r => r.RuleSetId == ruleSetId, ct);
    }

    public Task<SaveResult> CreateAsync(RuleSetDraft draft, CancellationToken ct = default) =>
        SaveAsync(null, draft, ct);

    public Task<SaveResult> UpdateAsync(string ruleSetId, RuleSetDraft draft, CancellationToken ct = default) =>
        SaveAsync(ruleSetId, draft, ct);

    public async Task<DeleteResult> DeleteAsync(string ruleSetId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoints = await db.IngressPoints.Where(p => p.RuleSetId == ruleSetId).Select(p => p.IngressPointName).ToListAsync(ct);
        if (endpoints.Count > 0)
        {
            return DeleteResult.Refused($"This rule set is used by ingress endpoint {Names.Quoted(endpoints)}. Choose another rule set for it first.");
        }
        await db.DeleteConfigurationAsync(db.RuleSets.Where(r => r.RuleSetId == ruleSetId), ct);
        return DeleteResult.Done;
    }

    private async Task<SaveResult> SaveAsync(string? ruleSetId, RuleSetDraft draft, CancellationToken ct)
    {
        var errors = RuleSetValidator.Validate(draft);
        if (!errors.IsValid)
        {
            return SaveResult.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.RuleSets.AnyAsync(r => r.RuleSetName == draft.Name && r.RuleSetId != ruleSetId, ct))
        {
            return SaveResult.Invalid(nameof(RuleSetDraft.Name), $"A rule set named '{draft.Name}' already exists.");
        }

        var relayIds = await db.Relays.Select(r => r.RelayId).ToListAsync(ct);
        for (var i = 0; i < draft.Rules.Count; i++)
        {
            for (var j = 0; j < draft.Rules[i].Actions.Count; j++)
            {
                var action = draft.Rules[i].Actions[j];
                if (action.Type == RuleActionType.Relay && !relayIds.Contains(action.RelayId!))
                {
                    errors.Add(RuleSetValidator.ActionRelay(i, j), "The selected SMTP relay no longer exists.");
                }
            }
        }
        if (!errors.IsValid)
        {
            return SaveResult.Invalid(errors);
        }

        RuleSet? ruleSet;
        if (ruleSetId is null)
        {
            ruleSet = new RuleSet { RuleSetId = ResourceId.New(ResourceId.RuleSetPrefix) };
            db.RuleSets.Add(ruleSet);
        }
        else
        {
            ruleSet = await db.RuleSets.FirstOrDefaultAsync(r => r.RuleSetId == ruleSetId, ct);
            if (ruleSet is null)
            {
                return SaveResult.NotFound("rule set");
            }
        }

        ruleSet.RuleSetName = draft.Name;
        // Replaced whole, as SES's UpdateRuleSet does; only the fields of each action's type are kept.
        ruleSet.Rules = draft.Rules.Select(r => new Rule
        {
            Name = string.IsNullOrEmpty(r.Name) ? null : r.Name,
            Actions = r.Actions.Select(a => a.Type == RuleActionType.Relay
                ? RuleAction.Relay(a.RelayId!, a.MailFrom ?? MailFrom.Preserve)
                : RuleAction.Drop()).ToList(),
        }).ToList();
        db.Entry(ruleSet).State = ruleSetId is null ? EntityState.Added : EntityState.Modified;
        await db.SaveChangesAsync(ct);
        return SaveResult.Saved(ruleSet.RuleSetId);
    }
}
