using MailManager.Core.RuleSets;
using MailManager.Data.Common;
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
        builder.Ignore(r => r.ReferencedSecretIds);
        builder.Ignore(r => r.ReferencedAddressListIds);
        // Rules are saved and replaced whole (SES UpdateRuleSet), so one JSON document per rule set fits, in the API's union shapes.
        builder.Property(r => r.Rules).HasJsonConversion();
    }
}
