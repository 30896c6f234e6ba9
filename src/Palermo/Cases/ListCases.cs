using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Organisations;
using Palermo.Privacy;

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
    /// <summary>A name: typo- and transliteration-tolerant search within the organisation.</summary>
    public string? Name { get; init; }
    public string? Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;
}

/// <summary>One row of the list: no names or other identifying data (the case page shows them, and audits it).</summary>
public sealed record CaseSummary(Guid Id, string Reference, CaseStatus Status, TraffickingStatus TraffickingStatus, ExploitationType Exploitation,
    string CountryOfDetection, DateOnly IdentificationDate, bool ChildAtExploitation, RiskLevel Risk, bool Referred);

public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Page, int PageSize, int Total);

public sealed class ListCases(PalermoDbContext db, BlindIndex index, NameEncoder encoder)
{
    public const int MaxPageSize = 100;

    public async Task<CasePage> HandleAsync(CaseQuery q, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ReadCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        if (q.Page is < 1 or > 100_000) throw new DomainException("page", "The page must be between 1 and 100000.");
        if (q.PageSize is < 1 or > MaxPageSize) throw new DomainException("pageSize", $"The page size must be between 1 and {MaxPageSize}.");
        var cases = db.Cases.AsNoTracking().VisibleTo(db, actor);
        if (!string.IsNullOrWhiteSpace(q.Status)) { var s = Vocabulary.Parse<CaseStatus>(q.Status, "status"); cases = cases.Where(c => c.Status == s); }
        if (!string.IsNullOrWhiteSpace(q.Exploitation))
        {
            var e = (int)Vocabulary.Parse<ExploitationType>(q.Exploitation, "exploitation");
            cases = cases.Where(c => ((int)c.Exploitation & e) != 0);
        }

        if (!string.IsNullOrWhiteSpace(q.Country))
        {
            var country = CountryCodes.ToAlpha3(q.Country) ?? throw new DomainException("country", "Unknown country code.");
            cases = cases.Where(c => c.CountryOfDetection == country);
        }

        var from = CaseInput.Date(q.From, "from");
        var to = CaseInput.Date(q.To, "to");
        if (from > to) throw new DomainException("from", "The start date is after the end date.");
        if (from is { } f) cases = cases.Where(c => c.IdentificationDate >= f);
        if (to is { } t) cases = cases.Where(c => c.IdentificationDate <= t);
        if (q.AssignedToMe && actor.UserId is { } me) cases = cases.Where(c => c.Assignments.Any(a => a.UserId == me));
        if (!string.IsNullOrWhiteSpace(q.Lookup))
        {
            var lookup = q.Lookup.Trim();
            if (lookup.Length > 64) throw new DomainException("lookup", "At most 64 characters.");
            if (CaseReferences.LooksLikeReference(lookup))
            {
                var reference = lookup.ToUpperInvariant();
                cases = cases.Where(c => c.Reference == reference);
            }
            else
            {
                var doc = index.Compute("document", lookup);
                cases = cases.Where(c => c.Person.DocumentIndex == doc);
            }
        }

        if (!string.IsNullOrWhiteSpace(q.Name))
        {
            if (q.Name.Length > Person.NameMaxLength) throw new DomainException("name", $"At most {Person.NameMaxLength} characters.");
            var similar = await encoder.SearchAsync(db, org, encoder.EncodeQuery(q.Name, null), NameEncoder.SearchThreshold, 200, ct);
            var ids = similar.Select(s => s.PersonId).ToList();
            cases = cases.Where(c => ids.Contains(c.PersonId));
        }

        var total = await cases.CountAsync(ct);
        cases = (q.Sort ?? "-identified") switch
        {
            "identified" => cases.OrderBy(c => c.IdentificationDate).ThenBy(c => c.Reference),
            "reference" => cases.OrderBy(c => c.Reference),
            "-reference" => cases.OrderByDescending(c => c.Reference),
            "updated" => cases.OrderBy(c => c.UpdatedAt),
            "-updated" => cases.OrderByDescending(c => c.UpdatedAt),
            "-identified" => cases.OrderByDescending(c => c.IdentificationDate).ThenByDescending(c => c.Reference),
            _ => throw new DomainException("sort", "Sort by identified, reference or updated (prefix - for descending)."),
        };
        var rows = await cases.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize)
            .Select(c => new CaseSummary(c.Id, c.Reference, c.Status, c.TraffickingStatus, c.Exploitation, c.CountryOfDetection, c.IdentificationDate,
                c.ChildAtExploitation, c.Risk, c.OrganisationId != org))
            .ToListAsync(ct);
        return new CasePage(rows, q.Page, q.PageSize, total);
    }
}
