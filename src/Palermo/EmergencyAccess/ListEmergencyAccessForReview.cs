using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Referrals;

namespace Palermo.EmergencyAccess;

/// <summary>
/// One grant as its reviewer sees it. <see cref="OwnerSide"/>: the case is ours, the accessor is named by organisation
/// (and the case by reference); otherwise our own staff member is named by address and the case by its owner.
/// </summary>
public sealed record EmergencyAccessReviewLine(
    Guid Id, bool OwnerSide, string? CaseReference, string OwnerOrganisation, string AccessorOrganisation, string? AccessorEmail,
    SharedParts Parts, DateTime OpenedAt, DateTime EndsAt, DateTime? EndedAt, EmergencyGrantState State, string? Reason,
    EmergencyReview? Review, DateTime? ReviewedAt, string? ReviewedBy, string? ReviewNote, long Version);

/// <summary>
/// The data protection officer's "Emergency access" list: grants involving the organisation, unreviewed first, then
/// the newest. The sealed reasons are opened for the reviewer, and each opening is audited against its case.
/// </summary>
public sealed class ListEmergencyAccessForReview(PalermoDbContext db, PersonCrypto crypto)
{
    public const int Recent = 200;

    public async Task<IReadOnlyList<EmergencyAccessReviewLine>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!EmergencyGrants.Reviews(actor)) throw new NotFoundException();
        var org = actor.OrganisationId!.Value;
        var involving = EmergencyGrants.Involving(db, org);
        // Every unreviewed one however old, and the newest reviewed ones: a busy month never hides one that waits.
        var waiting = await involving.Where(g => (g.OwnerOrganisationId == org && g.OwnerReviewedAt == null) || (g.AccessorOrganisationId == org && g.AccessorReviewedAt == null))
            .Select(g => g.Id).ToListAsync(ct);
        var recent = await involving.OrderByDescending(g => g.OpenedAt).Take(Recent).Select(g => g.Id).ToListAsync(ct);
        var ids = waiting.Union(recent).ToList();
        var rows = await (from g in db.EmergencyGrants.AsNoTracking().Where(g => ids.Contains(g.Id))
                          join c in db.Cases.AsNoTracking() on g.CaseId equals c.Id
                          join p in db.Persons.AsNoTracking() on c.PersonId equals p.Id
                          join k in db.DataKeys.AsNoTracking() on p.DataKeyId equals k.Id
                          select new
                          {
                              Grant = g, c.Reference, Key = k,
                              Owner = db.Organisations.Where(o => o.Id == g.OwnerOrganisationId).Select(o => o.Name).First(),
                              Accessor = db.Organisations.Where(o => o.Id == g.AccessorOrganisationId).Select(o => o.Name).First(),
                              Email = db.Users.Where(u => u.Id == g.UserId).Select(u => u.Email).FirstOrDefault(),
                          }).ToListAsync(ct);
        var reviewerIds = rows.SelectMany(r => new[] { r.Grant.OwnerReviewerId, r.Grant.AccessorReviewerId }).OfType<Guid>().Distinct().ToList();
        var reviewers = reviewerIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => reviewerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, ct);
        var now = db.UtcNow;
        var lines = new List<EmergencyAccessReviewLine>(rows.Count);
        foreach (var r in rows)
        {
            var g = r.Grant;
            var owner = g.OwnerOrganisationId == org;
            var reason = g.OpenReason(r.Key, crypto);
            if (reason is not null) db.Audit(AuditEvent.EmergencyAccessReasonRead, actor, nameof(Case), g.CaseId, g.AuditPurpose);
            var reviewer = owner ? g.OwnerReviewerId : g.AccessorReviewerId;
            lines.Add(new EmergencyAccessReviewLine(g.Id, owner, owner ? r.Reference : null, r.Owner, r.Accessor,
                // The other organisation's staff stay unnamed: its own officer reviews them.
                owner && g.AccessorOrganisationId != org ? null : r.Email,
                g.Parts, g.OpenedAt, g.EndsAt, g.EndedAt, g.StateAt(now), reason,
                owner ? g.OwnerReview : g.AccessorReview, owner ? g.OwnerReviewedAt : g.AccessorReviewedAt,
                reviewer is { } id ? reviewers.GetValueOrDefault(id, "a former colleague") : null,
                g.OpenNote(owner, r.Key, crypto), g.Version));
        }

        await db.SaveChangesAsync(ct);
        return lines.OrderBy(l => l.ReviewedAt is null ? 0 : 1).ThenByDescending(l => l.OpenedAt).ToList();
    }
}
