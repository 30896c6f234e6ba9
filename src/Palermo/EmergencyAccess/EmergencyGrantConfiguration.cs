using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Palermo.Cases;
using Palermo.Organisations;
using Palermo.Privacy;

namespace Palermo.EmergencyAccess;

internal sealed class EmergencyGrantConfiguration : IEntityTypeConfiguration<EmergencyGrant>
{
    public void Configure(EntityTypeBuilder<EmergencyGrant> b)
    {
        b.ToTable("EmergencyGrant");
        b.Property(g => g.Reason).HasConversion(Sealed.Converter);
        b.Property(g => g.OwnerReviewNote).HasConversion(Sealed.NullableConverter);
        b.Property(g => g.AccessorReviewNote).HasConversion(Sealed.NullableConverter);
        // Opening a case: "does this user hold an active grant to it?"; and the daily limit and "my emergency accesses".
        b.HasIndex(g => new { g.UserId, g.CaseId, g.EndsAt });
        b.HasIndex(g => new { g.UserId, g.OpenedAt });
        // Each data protection officer's list and the count of unreviewed grants in the header, read on every page.
        b.HasIndex(g => new { g.OwnerOrganisationId, g.OwnerReviewedAt, g.OpenedAt });
        b.HasIndex(g => new { g.AccessorOrganisationId, g.AccessorReviewedAt, g.OpenedAt });
        b.HasIndex(g => g.CaseId);
        b.HasOne<Case>().WithMany().HasForeignKey(g => g.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(g => g.OwnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(g => g.AccessorOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(g => g.Version).IsConcurrencyToken();
    }
}
