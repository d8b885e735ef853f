using MailManager.Core.Messages;
using MailManager.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MailManager.Data.Configurations;

internal sealed class MessageActionConfiguration : IEntityTypeConfiguration<MessageAction>
{
    public void Configure(EntityTypeBuilder<MessageAction> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Ignore(a => a.Kind);
        builder.Ignore(a => a.EnvelopeRecipients);
        builder.Ignore(a => a.Position);
        builder.Ignore(a => a.IsOpen);
        builder.Property(a => a.Type).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Definition).HasJsonConversion();
        builder.Property(a => a.Origins).HasJsonConversion();
        builder.Property(a => a.AddedHeaders).HasJsonConversion();
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
