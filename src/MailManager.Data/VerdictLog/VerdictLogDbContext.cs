using MailManager.Core.VerdictLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MailManager.Data.VerdictLog;

/// <summary>
/// The verdict log's own database (a separate SQLite file in the data folder, stores split by role): sessions and
/// their recipients' verdicts. Its write lock is not the one acceptance and delivery share, so a flood of refused
/// sessions cannot hold up a commit of accepted mail.
/// </summary>
public sealed class VerdictLogDbContext(DbContextOptions<VerdictLogDbContext> options) : DbContext(options)
{
    public DbSet<SessionLogEntry> Sessions => Set<SessionLogEntry>();
    public DbSet<RecipientVerdictEntry> Recipients => Set<RecipientVerdictEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<SessionLogEntry>(session =>
        {
            session.ToTable("Sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.SessionId).HasMaxLength(64);
            session.Property(s => s.IngressPointId).HasMaxLength(64);
            session.Property(s => s.EndReason).HasConversion<string>().HasMaxLength(32);
            // The list reads newest first, optionally narrowed to an endpoint or to refusals.
            session.HasIndex(s => s.StartedTimestamp);
            session.HasIndex(s => new { s.IngressPointId, s.StartedTimestamp });
            session.HasIndex(s => new { s.HasRefusals, s.StartedTimestamp });
            session.HasMany(s => s.Recipients).WithOne().HasForeignKey(r => r.SessionLogEntryId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<RecipientVerdictEntry>(recipient =>
        {
            recipient.ToTable("RecipientVerdicts");
            recipient.HasKey(r => r.Id);
            recipient.Property(r => r.Verdict).HasConversion<string>().HasMaxLength(16);
            recipient.Property(r => r.Scope).HasConversion<string>().HasMaxLength(16);
            recipient.Property(r => r.DecidedBy).HasConversion<string>().HasMaxLength(32);
            recipient.Property(r => r.Action).HasConversion<string>().HasMaxLength(16);
            // SES's traffic_policy_evaluation[] shape, kept whole as JSON: it is only ever read with its recipient.
            recipient.OwnsMany(r => r.Evaluation, statement =>
            {
                statement.ToJson();
                statement.Property(s => s.Action).HasConversion<string>();
                statement.OwnsMany(s => s.Conditions, condition => condition.Property(c => c.Kind).HasConversion<string>());
            });
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // As in the message database: SQLite cannot order DateTimeOffset, so it is stored as a sortable integer.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
