using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Cases;

/// <summary>
/// Changes the facts of a case of the actor's organisation (status, exploitation, events, identification, risk…),
/// validated by the same rules as a registration. The person's own details are not touched here; the birth date is
/// read from the sealed record so the age at identification stays right. A stale version is a conflict.
/// </summary>
public sealed class UpdateCaseFacts(PalermoDbContext db, PersonCrypto crypto)
{
    public async Task HandleAsync(Guid caseId, long version, CaseInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var c = await db.Cases.Include(x => x.Person).ThenInclude(p => p.DataKey).Include(x => x.Events)
            .AsSplitQuery().SingleOrDefaultAsync(x => x.Id == caseId && x.OrganisationId == org, ct) ?? throw new NotFoundException();
        if (c.Person.IsErased) throw new DomainException("person", "This person's data was erased.");
        // An API body may leave the facts out: a field error, not a crash.
        if (input is null) throw new DomainException("facts", "The case's facts are required.");
        // The identity travels in the same shape (a case read can be sent back) but is changed only through PUT …/person,
        // so here it is ignored; still read by the same rules, so a broken value in it (1 MB of "aliases") is a field
        // error instead of passing unnoticed.
        _ = (input with { GivenName = string.IsNullOrWhiteSpace(input.GivenName) ? "-" : input.GivenName }).ToPerson();
        _ = CaseInput.ParseEstimatedAge(input.EstimatedAge);
        var birth = c.Person.Open(crypto).BirthDate;
        var facts = (input with
        {
            BirthDate = birth?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            EstimatedAge = birth is null ? input.EstimatedAge : null,
        }).ToFacts(db.UtcNow);
        db.Entry(c).Property(x => x.Version).OriginalValue = version;
        var loaded = c.Events.Select(e => e.Id).ToHashSet();
        var ageBefore = c.AgeAtIdentification;
        c.Update(facts, crypto, db.UtcNow);
        // Without a birth date the estimated age is on the identity form too: a change of it here makes an identity
        // form opened before stale (the person's version moves on), or that form would silently put the old age back.
        if (birth is null && c.AgeAtIdentification != ageBefore) db.Entry(c.Person).Property(p => p.Version).IsModified = true;
        // The new events carry client-made ids; found through the navigation, EF would take them for existing rows
        // and issue UPDATEs. Replaced ones are orphans of a required relation and are deleted.
        foreach (var e in c.Events.Where(e => !loaded.Contains(e.Id))) db.Entry(e).State = EntityState.Added;
        db.Audit(AuditEvent.CaseUpdated, actor, nameof(Case), c.Id);
        await db.SaveChangesAsync(ct);
    }
}
