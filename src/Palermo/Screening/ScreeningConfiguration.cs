using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Palermo.Organisations;

namespace Palermo.Screening;

internal sealed class ScreeningConfiguration : IEntityTypeConfiguration<Screening>
{
    public void Configure(EntityTypeBuilder<Screening> b)
    {
        b.ToTable("Screening");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.ListId).HasMaxLength(IndicatorListParser.IdMaxLength);
        b.Property(s => s.ListVersion).HasMaxLength(IndicatorListParser.VersionMaxLength);
        b.Property(s => s.ForcedLabourListId).HasMaxLength(IndicatorListParser.IdMaxLength);
        b.Property(s => s.ForcedLabourListVersion).HasMaxLength(IndicatorListParser.VersionMaxLength);
        // Stored by name: readable in the database and stable if the enums are reordered.
        b.Property(s => s.SubjectGroup).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Exploitation).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Outcome).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(s => new { s.OrganisationId, s.CreatedAt });
        b.HasIndex(s => s.CaseId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class ImportedIndicatorListConfiguration : IEntityTypeConfiguration<ImportedIndicatorList>
{
    public void Configure(EntityTypeBuilder<ImportedIndicatorList> b)
    {
        b.ToTable("ScreeningList");
        b.Property(l => l.Id).ValueGeneratedNever();
        b.Property(l => l.ListId).HasMaxLength(IndicatorListParser.IdMaxLength);
        b.Property(l => l.ListVersion).HasMaxLength(IndicatorListParser.VersionMaxLength);
        b.HasIndex(l => new { l.ListId, l.ListVersion }).IsUnique();
    }
}
