using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Palermo.Organisations;
using Palermo.Privacy;

namespace Palermo.Cases;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.ToTable("Case");
        b.Property(c => c.Reference).HasMaxLength(20);
        b.HasIndex(c => c.Reference).IsUnique();
        b.Property(c => c.ExternalId).HasMaxLength(Case.ExternalIdMaxLength);
        b.HasIndex(c => new { c.OrganisationId, c.ExternalId }).IsUnique();
        // The list's default order (newest first), per organisation and per status, served from an index at any size.
        // The trailing filter columns (country, forms) make the indexes covering for the list's filters, so counting
        // a filtered list reads index entries only instead of one table row per case of the organisation.
        b.HasIndex(c => new { c.OrganisationId, c.Status, c.IdentificationDate, c.Reference, c.CountryOfDetection, c.Exploitation });
        b.HasIndex(c => new { c.OrganisationId, c.IdentificationDate, c.Reference, c.Status, c.CountryOfDetection, c.Exploitation });
        b.HasIndex(c => c.PersonId);
        b.Property(c => c.CountryOfDetection).HasMaxLength(3);
        b.Property(c => c.ClosureReason).HasMaxLength(Case.ReasonMaxLength);
        b.Property(c => c.ReferringOrganisation).HasMaxLength(IncomingReferral.OrganisationMaxLength);
        foreach (var name in new[] { nameof(Case.ReasonableGroundsReasons), nameof(Case.ConclusiveGroundsReasons), nameof(Case.Guardian), nameof(Case.Perpetrator) })
        {
            b.Property<Sealed?>(name).HasConversion(Sealed.NullableConverter);
        }

        b.HasOne(c => c.Person).WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Assignments).WithOne().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Events).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(c => c.Assignments).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> b)
    {
        b.ToTable("CaseEvent");
        b.Property(e => e.Country).HasMaxLength(3);
        b.Property(e => e.City).HasConversion(Sealed.NullableConverter);
    }
}

internal sealed class CaseAssignmentConfiguration : IEntityTypeConfiguration<CaseAssignment>
{
    public void Configure(EntityTypeBuilder<CaseAssignment> b)
    {
        b.ToTable("CaseAssignment");
        b.HasKey(a => new { a.CaseId, a.UserId });
        b.HasIndex(a => a.UserId);
    }
}

/// <summary>Next case number per year; the row is locked while a reference is taken, so numbers never repeat.</summary>
public sealed class CaseReferenceCounter
{
    public int Year { get; set; }
    public long Next { get; set; }
}

internal sealed class CaseReferenceCounterConfiguration : IEntityTypeConfiguration<CaseReferenceCounter>
{
    public void Configure(EntityTypeBuilder<CaseReferenceCounter> b)
    {
        b.ToTable("CaseReferenceCounter");
        b.HasKey(c => c.Year);
        b.Property(c => c.Year).ValueGeneratedNever();
    }
}
