using MailManager.Data.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MailManager.Data.Configurations;

internal sealed class ApiAccessKeyConfiguration : IEntityTypeConfiguration<ApiAccessKey>
{
    public void Configure(EntityTypeBuilder<ApiAccessKey> builder)
    {
        builder.HasKey(k => k.AccessKeyId);
        builder.Property(k => k.AccessKeyId).HasMaxLength(32);
        builder.Property(k => k.Description).HasMaxLength(250);
    }
}

internal sealed class ResourceTagConfiguration : IEntityTypeConfiguration<ResourceTag>
{
    public void Configure(EntityTypeBuilder<ResourceTag> builder)
    {
        builder.HasKey(t => new { t.ResourceId, t.Key });
        builder.Property(t => t.ResourceId).HasMaxLength(128);
        builder.Property(t => t.Key).HasMaxLength(128);
        builder.Property(t => t.Value).HasMaxLength(256);
    }
}

internal sealed class ApiIdempotencyRecordConfiguration : IEntityTypeConfiguration<ApiIdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<ApiIdempotencyRecord> builder)
    {
        builder.HasKey(r => new { r.Operation, r.ClientToken });
        builder.Property(r => r.Operation).HasMaxLength(64);
        builder.Property(r => r.ClientToken).HasMaxLength(128);
        builder.HasIndex(r => r.CreatedTimestamp);
    }
}

internal sealed class ApiChangeConfiguration : IEntityTypeConfiguration<ApiChange>
{
    public void Configure(EntityTypeBuilder<ApiChange> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.AccessKeyId).HasMaxLength(32);
        builder.Property(c => c.Operation).HasMaxLength(64);
        builder.HasIndex(c => new { c.AccessKeyId, c.Timestamp });
    }
}
