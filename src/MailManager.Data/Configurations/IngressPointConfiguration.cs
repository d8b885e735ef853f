using MailManager.Core.IngressPoints;
using MailManager.Core.RuleSets;
using MailManager.Core.Secrets;
using MailManager.Core.TrafficPolicies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MailManager.Data.Configurations;

internal sealed class IngressPointConfiguration : IEntityTypeConfiguration<IngressPoint>
{
    public void Configure(EntityTypeBuilder<IngressPoint> builder)
    {
        builder.HasKey(p => p.IngressPointId);
        builder.Property(p => p.IngressPointId).HasMaxLength(64);
        builder.Property(p => p.IngressPointName).HasMaxLength(63);
        builder.HasIndex(p => p.IngressPointName).IsUnique();
        builder.Property(p => p.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(p => p.DesiredStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.TlsPolicy).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.BindAddress).HasMaxLength(64);
        // A JSON array column ("[25,587]"): the ports are always read and replaced with their endpoint, never alone.
        // Which (address, port) pairs collide is not an equality a unique index can express (0.0.0.0 overlaps every
        // IPv4 address): the service checks it inside its write transaction (IngressPortConflicts).
        builder.PrimitiveCollection(p => p.Ports);
        builder.ToTable(t => t.HasCheckConstraint("CK_IngressPoints_Ports", "json_array_length(\"Ports\") >= 1"));
        builder.Ignore(p => p.AuthKind);
        // The services refuse these deletes with a message naming the endpoint; the keys are the last defence.
        builder.HasOne<TrafficPolicy>().WithMany().HasForeignKey(p => p.TrafficPolicyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<RuleSet>().WithMany().HasForeignKey(p => p.RuleSetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Secret>().WithMany().HasForeignKey(p => p.SecretId).OnDelete(DeleteBehavior.Restrict);
    }
}
