using MailManager.Core.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MailManager.Data.Configurations;

internal sealed class SecretConfiguration : IEntityTypeConfiguration<Secret>
{
    public void Configure(EntityTypeBuilder<Secret> builder)
    {
        builder.HasKey(s => s.SecretId);
        builder.Property(s => s.SecretId).HasMaxLength(64);
        builder.Property(s => s.SecretName).HasMaxLength(63);
        builder.HasIndex(s => s.SecretName).IsUnique();
        builder.Property(s => s.Description).HasMaxLength(250);
        builder.Ignore(s => s.Keys);
        builder.OwnsMany(s => s.Entries, e => e.ToJson());
    }
}
