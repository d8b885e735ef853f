using MailManager.Core.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MailManager.Data.Configurations;

internal sealed class MessageActionConfiguration : IEntityTypeConfiguration<MessageAction>
{
    public void Configure(EntityTypeBuilder<MessageAction> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.MailFrom).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.PrimitiveCollection(a => a.Recipients);
        // The delivery queue: due actions by their next attempt time.
        builder.HasIndex(a => new { a.Status, a.NextAttemptTimestamp });
        builder.OwnsMany(a => a.Attempts, attempt =>
        {
            attempt.ToJson();
            attempt.Property(x => x.Outcome).HasConversion<string>();
        });
    }
}
