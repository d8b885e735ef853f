using MailManager.Core.Common;
using MailManager.Core.RuleSets;
using MailManager.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.RuleSets;

/// <param name="checks">Checks that depend on the configuration, contributed by the projects that carry actions out.</param>
public sealed class RuleSetService(IDbContextFactory<MailManagerDbContext> dbFactory, IEnumerable<IRuleSetCheck> checks)
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
        await db.ResourceTags.Where(t => t.ResourceId == ruleSetId).ExecuteDeleteAsync(ct);
        await db.DeleteConfigurationAsync(db.RuleSets.Where(r => r.RuleSetId == ruleSetId), ct);
        return DeleteResult.Done;
    }

    private async Task<SaveResult> SaveAsync(string? ruleSetId, RuleSetDraft draft, CancellationToken ct)
    {
        // Judged as it will be stored: every value trimmed, as each kind stores it.
        var rules = draft.Rules.Select(r => r.Clone()).ToList();
        foreach (var action in rules.SelectMany(r => r.Actions))
        {
            action.Kind?.Normalize(action);
        }
        foreach (var condition in rules.SelectMany(r => r.Conditions.Concat(r.Unless)))
        {
            condition.TrimValues();
        }
        var normalized = new RuleSetDraft { Name = draft.Name, Rules = rules };

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var addressListIds = (await db.AddressLists.Select(l => l.AddressListId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var errors = RuleSetValidator.Validate(normalized, addressListIds.Contains);
        foreach (var check in checks)
        {
            check.Check(normalized, errors);
        }
        if (await db.RuleSets.AnyAsync(r => r.RuleSetName == draft.Name && r.RuleSetId != ruleSetId, ct))
        {
            errors.Conflict(nameof(RuleSetDraft.Name), $"A rule set named '{draft.Name}' already exists.");
        }

        // What an action names must exist now; a relay or secret deleted later fails the action when it runs.
        var relayIds = (await db.Relays.Select(r => r.RelayId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var secretIds = (await db.Secrets.Select(s => s.SecretId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            for (var j = 0; j < rules[i].Actions.Count; j++)
            {
                var action = rules[i].Actions[j];
                if (action.Kind is not { } kind)
                {
                    continue;
                }
                if (kind.RelayIds(action).Any(id => !relayIds.Contains(id)))
                {
                    errors.Add(RuleSetValidator.ActionField(i, j, kind.Type, "Relay"), "The selected SMTP relay no longer exists.");
                }
                if (kind.SecretIds(action).Any(id => !secretIds.Contains(id)))
                {
                    errors.Add(RuleSetValidator.ActionField(i, j, kind.Type, "SecretId"), "The selected secret no longer exists.");
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
        // Replaced whole, as SES's UpdateRuleSet does.
        foreach (var rule in rules)
        {
            rule.Name = string.IsNullOrEmpty(rule.Name) ? null : rule.Name;
        }
        ruleSet.Rules = rules;
        db.Entry(ruleSet).State = ruleSetId is null ? EntityState.Added : EntityState.Modified;
        await db.SaveChangesAsync(ct);
        return SaveResult.Saved(ruleSet.RuleSetId);
    }
}
