using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Organisations;
using Palermo.Privacy;
using Palermo.Referrals;

namespace Palermo.Cases;

public sealed record CaseQuery
{
    public string? Status { get; init; }
    public string? Exploitation { get; init; }
    public string? Country { get; init; }
    public bool AssignedToMe { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    /// <summary>A case reference or a document number: exact lookup.</summary>
    public string? Lookup { get; init; }
    /// <summary>
    /// A name — given and family, or one of them alone: typo- and transliteration-tolerant search within the
    /// organisation and the cases referred to it with the person's identity. Best match first unless a sort is given.
    /// </summary>
    public string? Name { get; init; }
    public string? Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;
}

/// <summary>One row of the list: no names or other identifying data (the case page shows them, and audits it).</summary>
public sealed record CaseSummary(Guid Id, string Reference, CaseStatus Status, TraffickingStatus TraffickingStatus, ExploitationType Exploitation,
    string CountryOfDetection, DateOnly IdentificationDate, bool ChildAtExploitation, RiskLevel Risk, bool Referred);

/// <summary>
/// A page of the list. <see cref="Total"/> is exact unless <see cref="TotalIsLowerBound"/>: then more cases match than
/// were counted (see <see cref="ListCases.CountAhead"/>) and the list says "more than" that number.
/// </summary>
public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Page, int PageSize, int Total, bool TotalIsLowerBound = false);

public sealed class ListCases(PalermoDbContext db, BlindIndex index, NameEncoder encoder, SearchAuditLog audit)
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// How many matching cases are counted beyond the current page's start. An exact count reads one index entry per
    /// matching case: at 1,000,000 cases a broad filter matches ~100,000 cases of an organisation, which PostgreSQL
    /// counts in ~100 ms. Beyond this many the list says "more than N" — a case worker pages or narrows the filter;
    /// exact national figures are the statistics module's job.
    /// </summary>
    public const int CountAhead = 1_000;

    /// <summary>The best matches a name search considers (a common name matches thousands in a large organisation).</summary>
    public const int NameMatchLimit = 200;

    public async Task<CasePage> HandleAsync(CaseQuery q, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ReadCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        if (q.Page is < 1 or > 100_000) throw new DomainException("page", "The page must be between 1 and 100000.");
        if (q.PageSize is < 1 or > MaxPageSize) throw new DomainException("pageSize", $"The page size must be between 1 and {MaxPageSize}.");
        // Checked before any work, like every other field: a bad sort is an error, not a search run for nothing.
        var sort = q.Sort ?? "-identified";
        if (sort is not ("identified" or "-identified" or "reference" or "-reference" or "updated" or "-updated"))
        {
            throw new DomainException("sort", "Sort by identified, reference or updated (prefix - for descending).");
        }

        // The two halves of what the organisation sees (CaseAccess.VisibleTo), read apart: its own cases page along
        // its index, and the referred ones are merged in (the OR of the two would make the database sort every
        // visible case for each page).
        var own = db.Cases.AsNoTracking().Where(c => c.OrganisationId == org);
        // Which cases are referred to the organisation, from memory (a receiver can hold 100,000+ accepted referrals
        // at 1,000,000 cases; reading them per request cost most of a second). It only chooses what to look at: every
        // referred case returned is checked against its referral in the database by the queries below.
        var granted = await ReferralAccessIndex.GetAsync(db, org, ct);
        var anyReferred = granted.Any;
        var identityOnly = false;
        var filters = new List<System.Linq.Expressions.Expression<Func<Case, bool>>>();
        if (!string.IsNullOrWhiteSpace(q.Status)) { var s = Vocabulary.Parse<CaseStatus>(q.Status, "status"); filters.Add(c => c.Status == s); }
        if (!string.IsNullOrWhiteSpace(q.Exploitation))
        {
            var e = (int)Vocabulary.Parse<ExploitationType>(q.Exploitation, "exploitation");
            filters.Add(c => ((int)c.Exploitation & e) != 0);
        }

        if (!string.IsNullOrWhiteSpace(q.Country))
        {
            var country = CountryCodes.ToAlpha3(q.Country) ?? throw new DomainException("country", "Unknown country code.");
            filters.Add(c => c.CountryOfDetection == country);
        }

        var from = CaseInput.Date(q.From, "from");
        var to = CaseInput.Date(q.To, "to");
        if (from > to) throw new DomainException("from", "The start date is after the end date.");
        if (from is { } f) filters.Add(c => c.IdentificationDate >= f);
        if (to is { } t) filters.Add(c => c.IdentificationDate <= t);
        if (q.AssignedToMe && actor.UserId is { } me) filters.Add(c => c.Assignments.Any(a => a.UserId == me));
        // Lookups and name searches are audited (kind and result count, never what was typed), plain lists are not.
        var searches = new List<AuditEvent>(2);
        if (!string.IsNullOrWhiteSpace(q.Lookup))
        {
            var lookup = q.Lookup.Trim();
            if (lookup.Length > 64) throw new DomainException("lookup", "At most 64 characters.");
            if (lookup.Any(char.IsControl)) throw new DomainException("lookup", "The reference or document number contains control characters.");
            if (CaseReferences.Normalise(lookup) is { } reference)
            {
                filters.Add(c => c.Reference == reference);
                searches.Add(AuditEvent.CaseLookedUpByReference);
            }
            else
            {
                searches.Add(AuditEvent.CaseLookedUpByDocument);
                var doc = index.Compute("document", lookup);
                filters.Add(c => c.Person.DocumentIndex == doc);
                // A document number is identity data: among referred cases it may only find those whose referral
                // shares the person's identity, or a services-only receiver could confirm who a case is about.
                identityOnly = true;
            }
        }

        // What the receiving organisation may find by name: the referred cases whose referral shares the person's
        // identity (a services-only receiver never learns who a case is about, so a name must not confirm it either).
        Dictionary<Guid, int>? rank = null;
        var nameCapped = false;
        IReadOnlySet<Guid> identityReferred = new HashSet<Guid>();
        if (!string.IsNullOrWhiteSpace(q.Name))
        {
            if (q.Name.Length > Person.NameMaxLength) throw new DomainException("name", $"At most {Person.NameMaxLength} characters.");
            // Tabs and line breaks (a name pasted from a table) separate words; other control characters are refused.
            if (q.Name.Any(c => char.IsControl(c) && !char.IsWhiteSpace(c))) throw new DomainException("name", "The name contains control characters.");
            // Only punctuation ("-", "?") encodes to nothing and would match nothing without saying why.
            if (!q.Name.Any(char.IsLetterOrDigit)) throw new DomainException("name", "Type a name: letters, not only punctuation.");
            var query = encoder.ParseQuery(q.Name, null);
            searches.Add(AuditEvent.CasesSearchedByName);
            var found = (await encoder.SearchAsync(db, org, query, NameMatchLimit, ct)).ToList();
            // At the limit there may be more: the total then says "at least", not a count that looks exact.
            var capped = found.Count >= NameMatchLimit;
            if (anyReferred)
            {
                identityReferred = granted.IdentityCases;
                if (identityReferred.Count > 0)
                {
                    // Each owner's in-memory index, limited to the cases referred to this organisation with identity:
                    // the scan never scores (or returns) anything else of theirs. The referring organisation is the
                    // case's owner (only the owner can refer, and a case never changes organisation).
                    foreach (var (owner, shared) in granted.IdentityByOwner.Where(o => o.Key != org).OrderBy(o => o.Key))
                    {
                        var theirs = await encoder.SearchAsync(db, owner, query, NameMatchLimit, ct, shared);
                        capped |= theirs.Count >= NameMatchLimit;
                        found.AddRange(theirs);
                    }
                }
            }

            nameCapped = capped;
            // Each index returns its matches best first (score, then Dice, then reference); a stable sort by score
            // merges them and keeps that order among equal scores. The rank is the position in it.
            rank = found.OrderByDescending(f => f.Score).Take(NameMatchLimit).Select((f, i) => (f.CaseId, i))
                .GroupBy(x => x.CaseId).ToDictionary(g => g.Key, g => g.Min(x => x.i));
            var caseIds = rank.Keys.ToList();
            filters.Add(c => caseIds.Contains(c.Id));
        }

        IQueryable<Case> Filtered(IQueryable<Case> cases) => filters.Aggregate(cases, (acc, f) => acc.Where(f));
        if (rank is not null)
        {
            // At most a few hundred matches, fetched by case id alone (the primary key drives the query whatever the
            // planner thinks of the organisation's indexes); visibility, sorting and paging are applied here.
            // The database confirms each referred match's identity-sharing referral (the in-memory set chose them).
            var sharing = SharingIdentity(org);
            var candidates = await Project(Filtered(db.Cases.AsNoTracking()).Where(c => c.OrganisationId == org || sharing.Any(r => r.CaseId == c.Id)), org).ToListAsync(ct);
            var visible = candidates.Where(r => !r.Summary.Referred || identityReferred.Contains(r.Summary.Id)).ToList();
            // Without a chosen order the best match comes first (the exact name before its variants).
            var ordered = q.Sort is null
                ? visible.OrderBy(r => rank[r.Summary.Id]).AsEnumerable()
                : SortRows(visible, sort);
            var page = ordered.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToList();
            return await Audited(new CasePage(page.Select(r => r.Summary).ToList(), q.Page, q.PageSize, visible.Count, nameCapped), searches, actor, ct);
        }

        own = Filtered(own);
        var skip = (q.Page - 1) * q.PageSize;
        // Counting stops one past the limit: that one extra row says "there are more".
        var limit = skip + CountAhead;
        // The referred half: one query per referring organisation (see ReferredFrom).
        var halves = granted.ByOwner.Where(o => o.Key != org).OrderBy(o => o.Key).Select(o => Filtered(ReferredFrom(org, o.Key, o.Value, identityOnly))).ToList();
        int referredCount;
        if (halves.Count == 0) referredCount = 0;
        // Unfiltered, the count is the in-memory one: a lookup by document number is a filter, so identityOnly is false here.
        else if (filters.Count == 0) referredCount = Math.Min(granted.Count, limit + 1);
        else
        {
            referredCount = 0;
            foreach (var half in halves)
            {
                if (referredCount > limit) break;
                referredCount += await CountCap(half, limit + 1 - referredCount).CountAsync(ct);
            }
        }

        List<Row> rows;
        if (referredCount == 0)
        {
            rows = await Project(SortCases(own, sort).Skip(skip).Take(q.PageSize), org).ToListAsync(ct);
        }
        else
        {
            // All halves sorted alike, each cut at the end of the page, merged here.
            var merged = await Project(SortCases(own, sort).Take(skip + q.PageSize), org).ToListAsync(ct);
            foreach (var half in halves) merged.AddRange(await Project(SortCases(half, sort).Take(skip + q.PageSize), org).ToListAsync(ct));
            rows = SortRows(merged, sort).Skip(skip).Take(q.PageSize).ToList();
        }

        // A page that is not full ends the result, so its total is known without counting: a lookup by reference or
        // document number, or any narrow filter, costs one query less. An empty page past the end still counts.
        if (rows.Count < q.PageSize && (rows.Count > 0 || skip == 0))
        {
            return await Audited(new CasePage(rows.Select(r => r.Summary).ToList(), q.Page, q.PageSize, skip + rows.Count), searches, actor, ct);
        }

        var counted = await CountCap(own, limit + 1).CountAsync(ct) + referredCount;
        var lowerBound = counted > limit;
        var total = lowerBound ? limit : counted;
        return await Audited(new CasePage(rows.Select(r => r.Summary).ToList(), q.Page, q.PageSize, total, lowerBound), searches, actor, ct);
    }

    /// <summary>
    /// One audit entry per kind of search: who searched, how (the event), and how many cases were found (the
    /// detail). Never the reference, document number or name typed — those are personal data. Queued for the batched
    /// writer (<see cref="SearchAuditLog"/>), not a transaction of its own per search.
    /// </summary>
    private async Task<CasePage> Audited(CasePage page, List<AuditEvent> searches, Actor actor, CancellationToken ct)
    {
        foreach (var e in searches) await audit.RecordAsync(e, actor, page.Total, ct);
        return page;
    }

    /// <summary>
    /// The cases of <paramref name="owner"/> referred to <paramref name="org"/>, each confirmed in the database by an
    /// accepted, unexpired referral (sharing identity when <paramref name="identityOnly"/>). A few hundred are fetched
    /// by id. More are found by walking the owner's cases in the page's order (the index on organisation, date and
    /// reference) and probing the referral index by case for each: a receiver typically holds a large share of a
    /// referring organisation's cases, so the first page is reached after a few hundred entries, where fetching all
    /// 100,000+ referred cases by id and sorting them cost most of a second at 1,000,000 cases.
    /// </summary>
    private IQueryable<Case> ReferredFrom(Guid org, Guid owner, List<Guid> ids, bool identityOnly)
    {
        var grants = identityOnly ? SharingIdentity(org) : CaseAccess.GrantingAccess(db, org);
        var cases = db.Cases.AsNoTracking().Where(c => grants.Any(r => r.CaseId == c.Id));
        return ids.Count <= FetchByIdUpTo ? cases.Where(c => ids.Contains(c.Id)) : cases.Where(c => c.OrganisationId == owner);
    }

    /// <summary>
    /// The first <paramref name="n"/> cases, to count them: which ones does not matter, only how many. A Take without an
    /// order made EF Core warn (10102: the rows taken are not determined) on every count. Ordered by the organisation:
    /// where the query fixes it (the own half, a referred half found by a walk) both databases drop the order as
    /// constant, so the plan and the cost stay those of the unordered count (docs/performance.md, session 21); a half
    /// fetched by id sorts its at most <see cref="FetchByIdUpTo"/> rows.
    /// </summary>
    private static IQueryable<Case> CountCap(IQueryable<Case> cases, int n) => cases.OrderBy(c => c.OrganisationId).Take(n);

    /// <summary>Up to this many referred cases from one organisation are fetched by id rather than found by a walk.</summary>
    private const int FetchByIdUpTo = 500;

    /// <summary>The organisation's accepted, unexpired referrals that share the person's identity.</summary>
    private IQueryable<Referral> SharingIdentity(Guid org) =>
        CaseAccess.GrantingAccess(db, org).AsNoTracking().Where(r => (r.Parts & SharedParts.Identity) != 0);

    private sealed record Row(CaseSummary Summary, DateOnly IdentificationDate, string Reference, DateTime UpdatedAt);

    private static IQueryable<Row> Project(IQueryable<Case> cases, Guid org) => cases.Select(c => new Row(
        new CaseSummary(c.Id, c.Reference, c.Status, c.TraffickingStatus, c.Exploitation, c.CountryOfDetection, c.IdentificationDate, c.ChildAtExploitation, c.Risk, c.OrganisationId != org),
        c.IdentificationDate, c.Reference, c.UpdatedAt));

    /// <summary>Every order but by reference ends with the (unique) reference, so pages never overlap.</summary>
    private static IQueryable<Case> SortCases(IQueryable<Case> cases, string sort) => sort switch
    {
        "identified" => cases.OrderBy(c => c.IdentificationDate).ThenBy(c => c.Reference),
        "reference" => cases.OrderBy(c => c.Reference),
        "-reference" => cases.OrderByDescending(c => c.Reference),
        "updated" => cases.OrderBy(c => c.UpdatedAt).ThenBy(c => c.Reference),
        "-updated" => cases.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Reference),
        _ => cases.OrderByDescending(c => c.IdentificationDate).ThenByDescending(c => c.Reference),
    };

    /// <summary>
    /// The same orders, for merging rows in memory (references compare as the databases do: ordinal). On
    /// <see cref="IEnumerable{T}"/>, not <see cref="IQueryable{T}"/>: a list's <c>AsQueryable()</c> compiles its
    /// expression trees on every call, which made each list page of an organisation holding referred cases compile
    /// and JIT three methods (about 5 ms of CPU per page, more than the rest of the request; docs/performance.md,
    /// session 16).
    /// </summary>
    private static IEnumerable<Row> SortRows(IEnumerable<Row> rows, string sort) => sort switch
    {
        "identified" => rows.OrderBy(c => c.IdentificationDate).ThenBy(c => c.Reference, StringComparer.Ordinal),
        "reference" => rows.OrderBy(c => c.Reference, StringComparer.Ordinal),
        "-reference" => rows.OrderByDescending(c => c.Reference, StringComparer.Ordinal),
        "updated" => rows.OrderBy(c => c.UpdatedAt).ThenBy(c => c.Reference, StringComparer.Ordinal),
        "-updated" => rows.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Reference, StringComparer.Ordinal),
        _ => rows.OrderByDescending(c => c.IdentificationDate).ThenByDescending(c => c.Reference, StringComparer.Ordinal),
    };
}
