using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Consent;

/// <summary>
/// One consent override as the data protection officer sees it: the case reference, never the person.
/// <c>Approver</c> is the supervisor the requester named; <c>ApprovedBy</c>/<c>ApprovedAt</c> are set only once that
/// supervisor approved it themselves, <c>RefusedAt</c> when they refused. <c>ApproverChanges</c>: each time another
/// supervisor was named in place of an earlier one, oldest first.
/// </summary>
public sealed record ConsentOverrideLine(
    Guid ReferralId, string CaseReference, DateTime At, string? RequestedBy, string? ApprovedBy, string ToOrganisation,
    string Services, string? Reason, string State, string? Approver, DateTime? ApprovedAt, DateTime? RefusedAt,
    IReadOnlyList<ApproverChange>? ApproverChanges = null);

/// <summary>
/// Another supervisor was named to approve the override (<see cref="Referrals.ChangeOverrideApprover"/>): when, by whom,
/// and who had been named until then. Addresses of the organisation's staff, as for the requester and approver.
/// </summary>
public sealed record ApproverChange(DateTime At, string? ChangedBy, string? PreviousApprover);

/// <summary>
/// The data protection officer's oversight list: every referral of the officer's organisation made without the
/// person's consent, with who asked, whom they named to approve, whether and when that supervisor approved or refused, for what and why — and nothing about the person. Opening
/// the list is itself audited.
/// </summary>
public sealed class ListConsentOverrides(PalermoDbContext db)
{
    public const int Limit = 500;

    public async Task<IReadOnlyList<ConsentOverrideLine>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ViewAuditLog) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var rows = await (from r in db.Referrals.AsNoTracking().Where(r => r.FromOrganisationId == org && r.ConsentOverridden)
                          join c in db.Cases on r.CaseId equals c.Id
                          join o in db.Organisations on r.ToOrganisationId equals o.Id
                          join u in db.Users on r.CreatedByUserId equals u.Id into us
                          from u in us.DefaultIfEmpty()
                          join a in db.Users on r.OverrideApproverId equals a.Id into ap
                          from a in ap.DefaultIfEmpty()
                          orderby r.CreatedAt descending
                          select new
                          {
                              r.Id, c.Reference, r.CreatedAt, RequestedBy = u == null ? null : u.Email, Approver = a == null ? null : a.Email,
                              To = o.Name, r.Services, r.OverrideReason, r.State, r.OverrideApprovedAt, r.OverrideRefusedAt,
                          }).Take(Limit).ToListAsync(ct);
        var changes = await ApproverChangesAsync(rows.Select(r => r.Id).ToList(), org, ct);
        // Named is not approved: "approved by" only once the named supervisor acted.
        var lines = rows.Select(r => new ConsentOverrideLine(r.Id, r.Reference, r.CreatedAt, r.RequestedBy,
            r.OverrideApprovedAt is null ? null : r.Approver, r.To, r.Services, r.OverrideReason, r.State.ToString(), r.Approver,
            r.OverrideApprovedAt, r.OverrideRefusedAt, changes.GetValueOrDefault(r.Id, []))).ToList();
        db.Audit(AuditEvent.ConsentOverridesListed, actor, "Referral", lines.Count, "consent override oversight");
        await db.SaveChangesAsync(ct);
        return lines;
    }

    /// <summary>
    /// The referral row keeps only the supervisor named now; who was named before is in the audit log (the entries of
    /// <see cref="AuditEvent.ConsentOverrideApproverChanged"/> carry the previous approver's id), read through its
    /// (entity type, entity id) index for the listed referrals only.
    /// </summary>
    private async Task<Dictionary<Guid, List<ApproverChange>>> ApproverChangesAsync(List<Guid> referrals, Guid org, CancellationToken ct)
    {
        if (referrals.Count == 0) return [];
        var ids = referrals.Select(r => r.ToString()).ToList();
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == nameof(Referrals.Referral) && ids.Contains(e.EntityId!) && e.Event == AuditEvent.ConsentOverrideApproverChanged)
            .OrderBy(e => e.Sequence).Select(e => new { e.EntityId, e.At, e.ActorId, e.Purpose }).ToListAsync(ct);
        if (entries.Count == 0) return [];
        static Guid? Previous(string? purpose) =>
            purpose is not null && purpose.StartsWith(Referrals.ChangeOverrideApprover.PreviousApproverPrefix, StringComparison.Ordinal)
            && Guid.TryParse(purpose[Referrals.ChangeOverrideApprover.PreviousApproverPrefix.Length..], out var g) ? g : null;
        var people = entries.SelectMany(e => new[] { e.ActorId, Previous(e.Purpose) }).OfType<Guid>().Distinct().ToList();
        var emails = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id) && u.OrganisationId == org).ToDictionaryAsync(u => u.Id, u => u.Email, ct);
        string? Email(Guid? id) => id is { } u ? emails.GetValueOrDefault(u) : null;
        return entries.GroupBy(e => Guid.Parse(e.EntityId!))
            .ToDictionary(g => g.Key, g => g.Select(e => new ApproverChange(e.At, Email(e.ActorId), Email(Previous(e.Purpose)))).ToList());
    }
}
