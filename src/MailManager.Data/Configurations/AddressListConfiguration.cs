using MailManager.Core.AddressLists;
using MailManager.Data.AddressLists;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MailManager.Data.Configurations;

internal sealed class AddressListConfiguration : IEntityTypeConfiguration<AddressList>
{
    public void Configure(EntityTypeBuilder<AddressList> builder)
    {
        builder.HasKey(l => l.AddressListId);
        builder.Property(l => l.AddressListId).HasMaxLength(64);
        builder.Property(l => l.AddressListName).HasMaxLength(AddressListValidator.MaxNameLength);
        builder.HasIndex(l => l.AddressListName).IsUnique();
    }
}

internal sealed class AddressListMemberConfiguration : IEntityTypeConfiguration<AddressListMember>
{
    public void Configure(EntityTypeBuilder<AddressListMember> builder)
    {
        // Lookups, duplicates, prefix search and paging all walk this key; no other index is needed.
        builder.HasKey(m => new { m.AddressListId, m.FoldedAddress });
        builder.Property(m => m.FoldedAddress).HasMaxLength(320);
        builder.Property(m => m.Address).HasMaxLength(320);
        builder.HasOne<AddressList>().WithMany().HasForeignKey(m => m.AddressListId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.HasKey(j => j.JobId);
        builder.Property(j => j.JobId).HasMaxLength(64);
        builder.Property(j => j.Name).HasMaxLength(AddressListValidator.MaxNameLength);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.ImportDataFormat).HasConversion<string>().HasMaxLength(8);
        builder.Ignore(j => j.IsFinished);
        builder.HasIndex(j => new { j.AddressListId, j.CreatedTimestamp });
        builder.HasIndex(j => j.Status);
        builder.HasOne<AddressList>().WithMany().HasForeignKey(j => j.AddressListId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportJobFailureConfiguration : IEntityTypeConfiguration<ImportJobFailureRow>
{
    public void Configure(EntityTypeBuilder<ImportJobFailureRow> builder)
    {
        builder.ToTable("ImportJobFailures");
        builder.HasKey(f => new { f.JobId, f.LineNumber });
        builder.HasOne<ImportJob>().WithMany().HasForeignKey(f => f.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
