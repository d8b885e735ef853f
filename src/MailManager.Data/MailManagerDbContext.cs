using MailManager.Core.AddressLists;
using MailManager.Core.Common;
using MailManager.Core.IngressPoints;
using MailManager.Core.Messages;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Core.Secrets;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.AddressLists;
using MailManager.Data.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MailManager.Data;

public sealed class MailManagerDbContext(
    DbContextOptions<MailManagerDbContext> options, TimeProvider? timeProvider = null, ConfigurationVersion? configurationVersion = null)
    : IdentityDbContext<ApplicationUser>(options)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public DbSet<Secret> Secrets => Set<Secret>();
    public DbSet<Relay> Relays => Set<Relay>();
    public DbSet<TrafficPolicy> TrafficPolicies => Set<TrafficPolicy>();
    public DbSet<RuleSet> RuleSets => Set<RuleSet>();
    public DbSet<IngressPoint> IngressPoints => Set<IngressPoint>();
    public DbSet<ReceivedMessage> Messages => Set<ReceivedMessage>();
    public DbSet<MessageRecipient> MessageRecipients => Set<MessageRecipient>();
    public DbSet<MessageAction> MessageActions => Set<MessageAction>();
    public DbSet<AddressList> AddressLists => Set<AddressList>();
    public DbSet<AddressListMember> AddressListMembers => Set<AddressListMember>();
    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();
    public DbSet<ImportJobFailureRow> ImportJobFailures => Set<ImportJobFailureRow>();
    public DbSet<Api.ApiAccessKey> ApiAccessKeys => Set<Api.ApiAccessKey>();
    public DbSet<Api.ResourceTag> ResourceTags => Set<Api.ResourceTag>();
    public DbSet<Api.ApiIdempotencyRecord> ApiIdempotencyRecords => Set<Api.ApiIdempotencyRecord>();
    public DbSet<Api.ApiChange> ApiChanges => Set<Api.ApiChange>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MailManagerDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset; stored as a sortable integer instead.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        // Changes are detected once: each ChangeTracker.Entries() call and the base save would otherwise scan
        // every tracked entity again, which is most of a save's cost for the message queue's batches.
        ChangeTracker.DetectChanges();
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var now = _time.GetUtcNow();
            // Owned JSON rows (policy statements, rules, secret entries) change without marking their owner Modified:
            // a change counts by the configuration it belongs to.
            var configurationChanged = ChangeTracker.Entries().Any(e =>
                IsConfiguration(e.Metadata)
                && (e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted || HasChangedOwned(e)));
            foreach (var entry in ChangeTracker.Entries<IHasTimestamps>())
            {
                // Through the entry, not the entity: with detection off only the entry sees the change.
                if (entry.State == EntityState.Added)
                {
                    entry.Property(e => e.CreatedTimestamp).CurrentValue = now;
                    entry.Property(e => e.LastModifiedTimestamp).CurrentValue = now;
                }
                else if (entry.State == EntityState.Modified || HasChangedOwned(entry))
                {
                    entry.Property(e => e.LastModifiedTimestamp).CurrentValue = now;
                }
            }
            var saved = await base.SaveChangesAsync(cancellationToken);
            if (configurationChanged)
            {
                configurationVersion?.Bump();
            }
            return saved;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>
    /// Deletes configuration (an endpoint, policy, rule set, relay, secret or address list) by query. Such deletes bypass
    /// SaveChanges, so this moves the configuration version itself: what hot paths keep in memory is read again.
    /// </summary>
    public async Task<int> DeleteConfigurationAsync<T>(IQueryable<T> items, CancellationToken ct)
    {
        var deleted = await items.ExecuteDeleteAsync(ct);
        configurationVersion?.Bump();
        return deleted;
    }

    private static bool IsConfiguration(Microsoft.EntityFrameworkCore.Metadata.IReadOnlyEntityType type)
    {
        while (type.FindOwnership() is { } ownership)
        {
            type = ownership.PrincipalEntityType;
        }
        var clrType = type.ClrType;
        return clrType == typeof(IngressPoint) || clrType == typeof(TrafficPolicy) || clrType == typeof(RuleSet)
            || clrType == typeof(Relay) || clrType == typeof(Secret) || clrType == typeof(AddressList);
    }

    // Owned JSON collections (rules, secret entries) change without marking the owner Modified.
    private static bool HasChangedOwned(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        entry.References.Concat<Microsoft.EntityFrameworkCore.ChangeTracking.NavigationEntry>(entry.Collections)
            .Any(n => n.IsModified);
}
