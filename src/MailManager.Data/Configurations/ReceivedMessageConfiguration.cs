using MailManager.Core.Messages;
using MailManager.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MailManager.Data.Configurations;

internal sealed class ReceivedMessageConfiguration : IEntityTypeConfiguration<ReceivedMessage>
{
    public void Configure(EntityTypeBuilder<ReceivedMessage> builder)
    {
        builder.HasKey(m => m.MessageId);
        builder.Property(m => m.MessageId).HasMaxLength(64);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        // The message log pages by time and filters by endpoint and status.
        builder.HasIndex(m => m.ReceivedTimestamp);
        builder.HasIndex(m => new { m.Status, m.ReceivedTimestamp });
        builder.HasIndex(m => new { m.IngressPointId, m.ReceivedTimestamp });
        builder.Ignore(m => m.IsAuthenticated);
        builder.Ignore(m => m.IsFinished);
        builder.Property(m => m.RuleMatches).HasJsonConversion();
        builder.HasMany(m => m.Recipients).WithOne().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Actions).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
