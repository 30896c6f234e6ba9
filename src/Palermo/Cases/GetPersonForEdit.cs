using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Cases;

/// <summary>
/// Opens a case's person for correcting the identity: the case's own organisation with EditCases only, and not
/// after erasure. Opening the sealed fields is a read of personal data and is audited like the case page's.
/// </summary>
public sealed class GetPersonForEdit(PalermoDbContext db, PersonCrypto crypto)
{
    public async Task<PersonEdit> HandleAsync(Guid caseId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var c = await db.Cases.AsNoTracking().Include(x => x.Person).ThenInclude(p => p.DataKey)
            .SingleOrDefaultAsync(x => x.Id == caseId && x.OrganisationId == org, ct) ?? throw new NotFoundException();
        if (c.Person.IsErased) throw new NotFoundException();
        var d = c.Person.Open(crypto);
        db.Audit(AuditEvent.PersonRead, actor, nameof(Person), c.PersonId, "edit identity");
        await db.SaveChangesAsync(ct);
        return new PersonEdit(c.Reference, c.Person.Version, new PersonInput
        {
            GivenName = d.GivenName, FamilyName = d.FamilyName, Aliases = d.Aliases,
            BirthDate = d.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            EstimatedAge = d.BirthDate is null ? c.AgeAtIdentification?.ToString(CultureInfo.InvariantCulture) : null,
            Gender = d.Gender.ToString(), Citizenships = d.Citizenships, Languages = d.Languages, Contacts = d.Contacts, DocumentNumber = d.DocumentNumber,
            MailingStreet = d.Mailing?.Street, MailingCity = d.Mailing?.City, MailingState = d.Mailing?.State,
            MailingPostalCode = d.Mailing?.PostalCode, MailingCountry = d.Mailing?.Country,
        });
    }
}
