using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Cases;

public sealed record RegisteredCase(Guid CaseId, string Reference, IReadOnlyList<string> PossibleDuplicates);

/// <summary>
/// Registers a presumed victim: a person (sealed) and a case in the actor's organisation, with a case reference, in
/// one transaction with its audit entries. Warns of a similar person already recorded in the same organisation,
/// naming only that case's reference.
/// </summary>
public sealed class RegisterVictim(PalermoDbContext db, PersonCrypto crypto, BlindIndex index, PersonMatcher matcher)
{
    public async Task<RegisteredCase> HandleAsync(CaseInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var now = db.UtcNow;
        var details = input.ToPerson();
        var facts = input.ToFacts(now);
        var encoding = matcher.Encode(details);
        var duplicates = await matcher.FindSimilarAsync(org, details, encoding, ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var person = Person.Register(org, details, crypto, index, now);
        person.SetEncoding(encoding);
        var reference = await CaseReferences.NextAsync(db, facts.IdentificationDate.Year, ct);
        var c = Case.Open(reference, org, person, facts, actor.UserId, crypto, now);
        db.Persons.Add(person);
        db.Cases.Add(c);
        db.Audit(AuditEvent.PersonCreated, actor, nameof(Person), person.Id);
        db.Audit(AuditEvent.CaseRegistered, actor, nameof(Case), c.Id);
        if (duplicates.Count > 0) db.Audit(AuditEvent.DuplicateWarningShown, actor, nameof(Case), c.Id, $"{duplicates.Count} similar");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new RegisteredCase(c.Id, reference, duplicates);
    }
}
