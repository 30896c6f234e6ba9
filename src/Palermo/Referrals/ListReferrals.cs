using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Referrals;

public sealed record ReferralSummary(Guid Id, Guid CaseId, string CaseReference, string From, string To, string Services, ReferralState State, DateTime CreatedAt, bool Incoming, long Version,
    SharedParts Parts, DateTime? ValidUntil);

/// <summary>A page of the inbox and outbox; <see cref="Total"/> counts every referral the organisation sees.</summary>
public sealed record ReferralPage(IReadOnlyList<ReferralSummary> Items, int Page, int PageSize, int Total)
{
    /// <summary>The last page that holds referrals (1 when there are none).</summary>
    public int LastPage => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The referral inbox (incoming) and outbox of the actor's organisation, a page at a time. References only, no names.
/// A referral made under a consent override reaches the receiver's inbox only once the named supervisor approved it.
/// </summary>
public sealed class ListReferrals(PalermoDbContext db)
{
    public const int DefaultPageSize = 25;

    /// <summary>The most a page holds: what the list showed in one piece before it had pages (the API's default).</summary>
    public const int MaxPageSize = 500;

    public async Task<ReferralPage> HandleAsync(Actor actor, int page = 1, int pageSize = DefaultPageSize, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageReferrals) || actor.OrganisationId is not { } org) throw new NotFoundException();
        if (page is < 1 or > 100_000) throw new DomainException("page", "The page must be between 1 and 100000.");
        if (pageSize is < 1 or > MaxPageSize) throw new DomainException("pageSize", $"The page size must be between 1 and {MaxPageSize}.");
        var visible = db.Referrals.AsNoTracking().Where(r => r.FromOrganisationId == org
            || (r.ToOrganisationId == org && !(r.ConsentOverridden && r.OverrideApprovedAt == null)));
        var total = await visible.CountAsync(ct);
        // Incoming referrals still waiting for a decision come first, however old: a busy receiver must never lose one
        // that needs an answer on a later page. Then the newest; the id makes the order total, so no referral shows on
        // two pages or on none.
        var items = await visible
            .OrderByDescending(r => r.ToOrganisationId == org && r.State == ReferralState.Pending)
            .ThenByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new ReferralSummary(r.Id, r.CaseId, db.Cases.Where(c => c.Id == r.CaseId).Select(c => c.Reference).First(),
                db.Organisations.Where(o => o.Id == r.FromOrganisationId).Select(o => o.Name).First(),
                db.Organisations.Where(o => o.Id == r.ToOrganisationId).Select(o => o.Name).First(),
                r.Services, r.State, r.CreatedAt, r.ToOrganisationId == org, r.Version, r.Parts, r.ValidUntil))
            .ToListAsync(ct);
        return new ReferralPage(items, page, pageSize, total);
    }
}
