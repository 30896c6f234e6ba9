using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Palermo.Cases;
using Palermo.Organisations;

namespace Palermo.Referrals;

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> b)
    {
        b.ToTable("Referral");
        b.Property(r => r.Services).HasMaxLength(500);
        b.Property(r => r.Reason).HasMaxLength(Referral.ReasonMaxLength);
        b.Property(r => r.OverrideReason).HasMaxLength(Referral.ReasonMaxLength);
        b.HasIndex(r => new { r.ToOrganisationId, r.State });
        b.HasIndex(r => r.CaseId);
        // The approver's "awaiting your approval" list.
        b.HasIndex(r => new { r.OverrideApproverId, r.State });
        b.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(r => r.FromOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(r => r.ToOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(r => r.Version).IsConcurrencyToken();
    }
}
