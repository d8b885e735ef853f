using MailManager.Core.TrafficPolicies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MailManager.Data.Configurations;

internal sealed class TrafficPolicyConfiguration : IEntityTypeConfiguration<TrafficPolicy>
{
    public void Configure(EntityTypeBuilder<TrafficPolicy> builder)
    {
        builder.HasKey(p => p.TrafficPolicyId);
        builder.Property(p => p.TrafficPolicyId).HasMaxLength(64);
        builder.Property(p => p.TrafficPolicyName).HasMaxLength(63);
        builder.HasIndex(p => p.TrafficPolicyName).IsUnique();
        builder.Property(p => p.DefaultAction).HasConversion<string>().HasMaxLength(16);
    }
}
