using MailManager.Core.Relays;
using MailManager.Core.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MailManager.Data.Configurations;

internal sealed class RelayConfiguration : IEntityTypeConfiguration<Relay>
{
    public void Configure(EntityTypeBuilder<Relay> builder)
    {
        builder.HasKey(r => r.RelayId);
        builder.Property(r => r.RelayId).HasMaxLength(64);
        builder.Property(r => r.RelayName).HasMaxLength(63);
        builder.HasIndex(r => r.RelayName).IsUnique();
        builder.Property(r => r.ServerName).HasMaxLength(100);
        builder.Ignore(r => r.IsAuthenticated);
        // Restrict: the services refuse such a delete with a message; the key is the last line of defence.
        builder.HasOne<Secret>().WithMany().HasForeignKey(r => r.SecretId).OnDelete(DeleteBehavior.Restrict);
    }
}
