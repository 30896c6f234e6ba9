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
        // The inbox (organisation and state) and what the organisation may see: its accepted, unexpired referrals'
        // cases, read on every case list and search. Covering (end of access, parts, case) so those reads never visit
        // the referral rows: measured on SQLite with 27,359 accepted referrals, 64 → 40 ms for the referred half of a
        // list page and 30 → 7 ms for its count (docs/performance.md, session 10).
        b.HasIndex(r => new { r.ToOrganisationId, r.State, r.ValidUntil, r.Parts, r.CaseId });
        // A case's referrals; and, covering the access columns, the probe "is this case referred to me now?" that
        // the list makes per case while it walks a referring organisation's cases in the page's order (ListCases):
        // without it SQLite probed through the index above and read all of the receiver's referrals per case.
        b.HasIndex(r => new { r.CaseId, r.ToOrganisationId, r.State, r.ValidUntil, r.Parts });
        // The approver's "awaiting your approval" list.
        b.HasIndex(r => new { r.OverrideApproverId, r.State });
        b.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(r => r.FromOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(r => r.ToOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(r => r.Version).IsConcurrencyToken();
    }
}
