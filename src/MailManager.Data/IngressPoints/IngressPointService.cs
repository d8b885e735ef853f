using System.Security.Cryptography;
using System.Text;
using MailManager.Core.Common;
using MailManager.Core.IngressPoints;
using MailManager.Data.Common;
using MailManager.Data.Secrets;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.IngressPoints;

/// <summary>
/// Ingress endpoints as the console and the SMTP engine see them. Changes are announced through
/// <see cref="IngressPointEvents"/>; the endpoint supervisor turns them into listeners.
/// </summary>
public sealed class IngressPointService(
    IDbContextFactory<MailManagerDbContext> dbFactory, SecretService secrets, IngressPointEvents events)
{
    public async Task<IReadOnlyList<IngressPoint>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.IngressPoints.AsNoTracking().OrderBy(p => p.IngressPointName).ToListAsync(ct);
    }

    public async Task<IngressPoint?> GetAsync(string ingressPointId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.IngressPoints.AsNoTracking().FirstOrDefaultAsync(p => p.IngressPointId == ingressPointId, ct);
    }

    public async Task<SaveResult> CreateAsync(IngressPointDraft draft, CancellationToken ct = default)
    {
        var errors = IngressPointValidator.Validate(draft);
        if (!errors.IsValid)
        {
            return SaveResult.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Checked and saved in one write transaction: two endpoints created at once cannot both take a port.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.IngressPoints.AnyAsync(p => p.IngressPointName == draft.Name, ct))
        {
            errors.Conflict(nameof(IngressPointDraft.Name), $"An ingress endpoint named '{draft.Name}' already exists.");
        }
        await CheckPortsAsync(db, draft, exceptId: null, errors, ct);
        await CheckReferencesAsync(db, draft.TrafficPolicyId, draft.RuleSetId, errors, ct);
        if (draft.Type == IngressPointType.Auth && draft.AuthKind == IngressAuthKind.Secret)
        {
            await CheckSecretAsync(db, draft.SecretId!, errors, ct);
        }
        if (!errors.IsValid)
        {
            return SaveResult.Invalid(errors);
        }

        var endpoint = new IngressPoint
        {
            IngressPointId = ResourceId.New(ResourceId.IngressPointPrefix),
            IngressPointName = draft.Name,
            Type = draft.Type,
            Status = IngressPointStatus.Provisioning,
            DesiredStatus = IngressPointStatusToUpdate.Active,
            TrafficPolicyId = draft.TrafficPolicyId!,
            RuleSetId = draft.RuleSetId!,
            TlsPolicy = draft.TlsPolicy,
            BindAddress = draft.BindAddress.Trim(),
            Ports = IngressPointValidator.PortsOf(draft),
        };
        if (draft.Type == IngressPointType.Auth)
        {
            SetCredentials(endpoint, draft.AuthKind, draft.SmtpPassword, draft.SecretId);
        }
        db.IngressPoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        events.RaiseConfigurationChanged(endpoint.IngressPointId);
        return SaveResult.Saved(endpoint.IngressPointId);
    }

    /// <summary>Active or Closed, and the TLS policy, where the endpoint listens staying as it is.</summary>
    public Task<SaveResult> UpdateGeneralAsync(string id, IngressPointStatusToUpdate status, TlsPolicy tlsPolicy, CancellationToken ct = default) =>
        UpdateAsync(id, (_, endpoint, _) =>
        {
            endpoint.DesiredStatus = status;
            endpoint.TlsPolicy = tlsPolicy;
            return Task.CompletedTask;
        }, ct);

    /// <summary>
    /// "General details" → Edit: Active or Closed, the bind address, the ports and the TLS policy. The supervisor
    /// restarts the listener when where it listens or its TLS policy changed.
    /// </summary>
    public async Task<SaveResult> UpdateGeneralAsync(string id, IngressPointGeneralDraft draft, CancellationToken ct = default)
    {
        var errors = IngressPointValidator.ValidateGeneral(draft);
        if (!errors.IsValid)
        {
            return SaveResult.Invalid(errors);
        }
        return await UpdateAsync(id, async (db, endpoint, errors) =>
        {
            await CheckPortsAsync(db, draft, id, errors, ct);
            endpoint.DesiredStatus = draft.Status;
            endpoint.TlsPolicy = draft.TlsPolicy;
            endpoint.BindAddress = draft.BindAddress.Trim();
            endpoint.Ports = IngressPointValidator.PortsOf(draft);
        }, ct);
    }

    /// <summary>Renames the endpoint (SES <c>UpdateIngressPoint</c> with <c>IngressPointName</c>); SMTP sessions go on.</summary>
    public async Task<SaveResult> RenameAsync(string id, string name, CancellationToken ct = default)
    {
        if (NameRules.CheckResourceName(name) is { } nameError)
        {
            return SaveResult.Invalid(nameof(IngressPointDraft.Name), nameError);
        }
        return await UpdateAsync(id, async (db, endpoint, errors) =>
        {
            if (await db.IngressPoints.AnyAsync(p => p.IngressPointName == name && p.IngressPointId != id, ct))
            {
                errors.Conflict(nameof(IngressPointDraft.Name), $"An ingress endpoint named '{name}' already exists.");
            }
            endpoint.IngressPointName = name;
        }, ct);
    }

    public Task<SaveResult> UpdateRuleSetAsync(string id, string? ruleSetId, CancellationToken ct = default) =>
        UpdateAsync(id, async (db, endpoint, errors) =>
        {
            await CheckReferencesAsync(db, endpoint.TrafficPolicyId, ruleSetId, errors, ct);
            endpoint.RuleSetId = ruleSetId ?? "";
        }, ct);

    public Task<SaveResult> UpdateTrafficPolicyAsync(string id, string? trafficPolicyId, CancellationToken ct = default) =>
        UpdateAsync(id, async (db, endpoint, errors) =>
        {
            await CheckReferencesAsync(db, trafficPolicyId, endpoint.RuleSetId, errors, ct);
            endpoint.TrafficPolicyId = trafficPolicyId ?? "";
        }, ct);

    /// <summary>Replaces an Authenticated endpoint's SMTP password or secret; takes effect for the next AUTH.</summary>
    public Task<SaveResult> ReplaceCredentialsAsync(string id, IngressAuthKind kind, string? smtpPassword, string? secretId, CancellationToken ct = default) =>
        UpdateAsync(id, async (db, endpoint, errors) =>
        {
            if (endpoint.Type != IngressPointType.Auth)
            {
                errors.Add("", "An Open endpoint has no password.");
                return;
            }
            if (kind == IngressAuthKind.SmtpPassword && IngressPointValidator.CheckSmtpPassword(smtpPassword) is { } passwordError)
            {
                errors.Add(nameof(IngressPointDraft.SmtpPassword), passwordError);
                return;
            }
            if (kind == IngressAuthKind.Secret)
            {
                if (string.IsNullOrEmpty(secretId))
                {
                    errors.Add(nameof(IngressPointDraft.SecretId), "Choose a secret.");
                    return;
                }
                await CheckSecretAsync(db, secretId, errors, ct);
            }
            SetCredentials(endpoint, kind, smtpPassword, secretId);
        }, ct);

    /// <summary>Asks for deletion: the supervisor shows Deprovisioning, stops the listener, then removes the row.</summary>
    public async Task<DeleteResult> DeleteAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db.IngressPoints.Where(p => p.IngressPointId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, IngressPointStatus.Deprovisioning), ct);
        if (changed > 0)
        {
            events.RaiseStatusChanged(id, IngressPointStatus.Deprovisioning);
            events.RaiseConfigurationChanged(id);
        }
        return DeleteResult.Done;
    }

    /// <summary>Removes an endpoint whose listener has stopped; called by the supervisor.</summary>
    public async Task RemoveAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.ResourceTags.Where(t => t.ResourceId == id).ExecuteDeleteAsync(ct);
        await db.DeleteConfigurationAsync(db.IngressPoints.Where(p => p.IngressPointId == id), ct);
        events.RaiseRemoved(id);
    }

    /// <summary>
    /// Waits until a deleted endpoint is gone (its listener stopped, its row removed), for at most
    /// <paramref name="timeout"/>; true when it is. What it used can be deleted after that.
    /// </summary>
    public async Task<bool> WaitUntilRemovedAsync(string id, TimeSpan timeout, CancellationToken ct = default)
    {
        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRemoved(string removedId)
        {
            if (removedId == id)
            {
                removed.TrySetResult();
            }
        }
        events.Removed += OnRemoved;
        try
        {
            // Asked after subscribing, so that a removal in between is not missed.
            if (await GetAsync(id, ct) is null)
            {
                return true;
            }
            await removed.Task.WaitAsync(timeout, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            events.Removed -= OnRemoved;
        }
    }

    /// <summary>Records what the listener is doing; called by the supervisor.</summary>
    public async Task SetStatusAsync(string id, IngressPointStatus status, string? reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db.IngressPoints.Where(p => p.IngressPointId == id && p.Status != IngressPointStatus.Deprovisioning)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, status).SetProperty(p => p.StatusReason, reason), ct);
        if (changed > 0)
        {
            events.RaiseStatusChanged(id, status);
        }
    }

    /// <summary>SMTP AUTH: the user name is the endpoint ID; the password is checked against the hash or the secret's current value.</summary>
    public async Task<bool> CheckCredentialsAsync(string id, string userName, string password, CancellationToken ct = default)
    {
        if (!string.Equals(userName, id, StringComparison.Ordinal))
        {
            return false;
        }
        var endpoint = await GetAsync(id, ct);
        if (endpoint is not { Type: IngressPointType.Auth })
        {
            return false;
        }
        if (endpoint.SmtpPasswordHash is { } hash)
        {
            return SmtpPasswordHasher.Verify(password, hash);
        }
        if (endpoint.SecretId is { } secretId && await secrets.ReadValuesAsync(secretId, ct) is { } values
            && values.TryGetValue(IngressPointValidator.SecretPasswordKey, out var expected))
        {
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(expected));
        }
        return false;
    }

    private async Task<SaveResult> UpdateAsync(string id, Func<MailManagerDbContext, IngressPoint, ValidationErrors, Task> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One write transaction, so that what the change checked (a port still free) is still true when it is saved.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var endpoint = await db.IngressPoints.FirstOrDefaultAsync(p => p.IngressPointId == id, ct);
        if (endpoint is null || endpoint.Status == IngressPointStatus.Deprovisioning)
        {
            return SaveResult.NotFound("ingress endpoint");
        }
        var errors = new ValidationErrors();
        await change(db, endpoint, errors);
        if (!errors.IsValid)
        {
            return SaveResult.Invalid(errors);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        events.RaiseConfigurationChanged(id);
        return SaveResult.Saved(id);
    }

    private static void SetCredentials(IngressPoint endpoint, IngressAuthKind kind, string? smtpPassword, string? secretId)
    {
        endpoint.SmtpPasswordHash = kind == IngressAuthKind.SmtpPassword ? SmtpPasswordHasher.Hash(smtpPassword!) : null;
        endpoint.SecretId = kind == IngressAuthKind.Secret ? secretId : null;
        endpoint.SmtpPasswordVersion++;
    }

    /// <summary>Each port that another endpoint listens on at an overlapping address, on that port's field.</summary>
    private static async Task CheckPortsAsync(MailManagerDbContext db, IIngressNetworkDraft draft, string? exceptId, ValidationErrors errors, CancellationToken ct)
    {
        // Every endpoint, not only those sharing a port number: how addresses overlap is the core's rule, and a
        // host has few endpoints.
        var others = await db.IngressPoints.AsNoTracking().Where(p => p.IngressPointId != exceptId).ToListAsync(ct);
        foreach (var (field, messages) in IngressPortConflicts.CheckAll(draft, others, exceptId).ByField)
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }
    }

    private static async Task CheckReferencesAsync(MailManagerDbContext db, string? trafficPolicyId, string? ruleSetId, ValidationErrors errors, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(trafficPolicyId) || !await db.TrafficPolicies.AnyAsync(p => p.TrafficPolicyId == trafficPolicyId, ct))
        {
            errors.Add(nameof(IngressPointDraft.TrafficPolicyId), "Choose an existing traffic policy.");
        }
        if (string.IsNullOrEmpty(ruleSetId) || !await db.RuleSets.AnyAsync(r => r.RuleSetId == ruleSetId, ct))
        {
            errors.Add(nameof(IngressPointDraft.RuleSetId), "Choose an existing rule set.");
        }
    }

    private static async Task CheckSecretAsync(MailManagerDbContext db, string secretId, ValidationErrors errors, CancellationToken ct)
    {
        var secret = await db.Secrets.AsNoTracking().FirstOrDefaultAsync(s => s.SecretId == secretId, ct);
        if (secret is null)
        {
            errors.Add(nameof(IngressPointDraft.SecretId), "The selected secret no longer exists. Refresh the list.");
        }
        else if (!secret.HasExactlyKeys(IngressPointValidator.SecretPasswordKey))
        {
            errors.Add(nameof(IngressPointDraft.SecretId),
                $"The secret '{secret.SecretName}' must contain exactly the key 'password'; it has {string.Join(", ", secret.Keys.Select(k => $"'{k}'"))}.");
        }
    }
}
