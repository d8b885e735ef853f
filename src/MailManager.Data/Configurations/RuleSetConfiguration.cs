using MailManager.Core.RuleSets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MailManager.Data.Configurations;

internal sealed class RuleSetConfiguration : IEntityTypeConfiguration<RuleSet>
{
    public void Configure(EntityTypeBuilder<RuleSet> builder)
    {
        builder.HasKey(r => r.RuleSetId);
        builder.Property(r => r.RuleSetId).HasMaxLength(64);
        builder.Property(r => r.RuleSetName).HasMaxLength(100);
        builder.HasIndex(r => r.RuleSetName).IsUnique();
        builder.Ignore(r => r.ReferencedRelayIds);
        // Rules are saved and replaced whole (SES UpdateRuleSet), so one JSON document per rule set fits.
        builder.OwnsMany(r => r.Rules, rule =>
        {
            rule.ToJson();
            rule.OwnsMany(r => r.Actions, action =>
            {
                action.Property(a => a.Type).HasConversion<string>();
                action.Property(a => a.MailFrom).HasConversion<string>();
            });
        });
    }
}
