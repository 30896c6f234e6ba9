using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Palermo.Privacy;

namespace Palermo.Cases;

internal sealed class CaseNoteConfiguration : IEntityTypeConfiguration<CaseNote>
{
    public void Configure(EntityTypeBuilder<CaseNote> b)
    {
        b.ToTable("CaseNote");
        b.HasIndex(n => new { n.CaseId, n.CreatedAt });
        b.Property(n => n.Text).HasConversion(Sealed.Converter);
        b.HasOne<Case>().WithMany().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CaseAttachmentConfiguration : IEntityTypeConfiguration<CaseAttachment>
{
    public void Configure(EntityTypeBuilder<CaseAttachment> b)
    {
        b.ToTable("CaseAttachment");
        b.HasIndex(a => new { a.CaseId, a.CreatedAt });
        b.Property(a => a.FileName).HasConversion(Sealed.Converter);
        b.Property(a => a.Content).HasConversion(Sealed.Converter);
        b.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}
