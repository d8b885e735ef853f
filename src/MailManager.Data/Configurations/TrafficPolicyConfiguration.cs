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
        // Statements are saved and replaced whole (SES UpdateTrafficPolicy), in the API's own union shape.
        builder.OwnsMany(p => p.PolicyStatements, statement =>
        {
            statement.ToJson();
            statement.Property(s => s.Action).HasConversion<string>();
            statement.OwnsMany(s => s.Conditions, condition =>
            {
                condition.Ignore(c => c.MemberCount);
                condition.OwnsOne(c => c.StringExpression, e => e.Property(x => x.Operator).HasConversion<string>());
                condition.OwnsOne(c => c.IpExpression, e => e.Property(x => x.Operator).HasConversion<string>());
                condition.OwnsOne(c => c.Ipv6Expression, e => e.Property(x => x.Operator).HasConversion<string>());
                condition.OwnsOne(c => c.TlsExpression, e =>
                {
                    e.Property(x => x.Operator).HasConversion<string>();
                    e.Property(x => x.Value).HasConversion<string>();
                });
                condition.OwnsOne(c => c.BooleanExpression, e => e.Property(x => x.Operator).HasConversion<string>());
            });
        });
    }
}
