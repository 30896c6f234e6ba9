using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Cases;

/// <summary>The person's identity as a form or the API sends it: text, parsed by the same rules as a registration.</summary>
public sealed record PersonInput
{
    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    public string? Aliases { get; init; }
    public string? BirthDate { get; init; }
    /// <summary>Age at identification in years, used only when there is no birth date.</summary>
    public string? EstimatedAge { get; init; }
    public string? Gender { get; init; }
    public IReadOnlyList<string>? Citizenships { get; init; }
    public string? Languages { get; init; }
    public string? Contacts { get; init; }
    public string? DocumentNumber { get; init; }
    public string? MailingStreet { get; init; }
    public string? MailingCity { get; init; }
    public string? MailingState { get; init; }
    public string? MailingPostalCode { get; init; }
    public string? MailingCountry { get; init; }

    public PersonDetails ToPerson() => new CaseInput
    {
        GivenName = GivenName, FamilyName = FamilyName, Aliases = Aliases, BirthDate = BirthDate, Gender = Gender, Citizenships = Citizenships,
        Languages = Languages, Contacts = Contacts, DocumentNumber = DocumentNumber,
        MailingStreet = MailingStreet, MailingCity = MailingCity, MailingState = MailingState, MailingPostalCode = MailingPostalCode, MailingCountry = MailingCountry,
    }.ToPerson();
}

/// <summary>The identity with the person's version, for an edit form or an API client.</summary>
public sealed record PersonEdit(string Reference, long Version, PersonInput Person);

/// <summary>The request body of <c>PUT /api/v1/cases/{id}/person</c>: the version read and the new identity.</summary>
public sealed record UpdatePersonRequest(long? Version, PersonInput Person);

/// <summary>
/// Corrects the identity of a case's person (names, aliases, birth date or estimated age, sex, citizenships,
/// languages, contacts, identity document, mailing address) for the case's own organisation, with the rules of a registration.
/// Every field is sealed again with the person's data key, the blind indexes and the name encoding are recomputed,
/// and the save replaces the organisation's <see cref="PersonEncodingStamp"/> in the same transaction (the
/// SaveChanges hook), so name search and the duplicate check see the new name at once. The age at identification
/// of the person's cases follows a new birth date or estimate, and the statistics rows follow (same hook).
/// A stale version is a conflict and nothing is saved. The audit entry names the fields changed, never values.
/// </summary>
public sealed class UpdatePerson(PalermoDbContext db, PersonCrypto crypto, BlindIndex index, PersonMatcher matcher)
{
    public async Task HandleAsync(Guid caseId, long version, PersonInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var c = await db.Cases.Include(x => x.Person).ThenInclude(p => p.DataKey)
            .SingleOrDefaultAsync(x => x.Id == caseId && x.OrganisationId == org, ct) ?? throw new NotFoundException();
        var person = c.Person;
        if (person.IsErased) throw new DomainException("person", "This person's data was erased.");
        // An API body may leave the identity out: a field error, not a crash.
        if (input is null) throw new DomainException("person", "The person's details are required.");
        var details = input.ToPerson();
        var estimate = CaseInput.ParseEstimatedAge(input.EstimatedAge);
        var estimated = details.BirthDate is null ? estimate : null;
        var now = db.UtcNow;
        // Every case of the person (usually this one) gets the corrected age, checked against its own dates.
        var cases = await db.Cases.Include(x => x.Events).Where(x => x.PersonId == person.Id).AsSplitQuery().ToListAsync(ct);
        var ageBefore = c.AgeAtIdentification;
        foreach (var pc in cases) pc.CorrectAge(details.BirthDate, estimated, now);

        var before = person.Open(crypto);
        db.Entry(person).Property(x => x.Version).OriginalValue = version;
        person.Update(details, crypto, index);
        person.SetEncoding(matcher.Encode(details));
        db.Audit(AuditEvent.PersonUpdated, actor, nameof(Person), person.Id, $"case {c.Reference}: {Changed(before, details, ageBefore != c.AgeAtIdentification)}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The names of the fields that changed (no values: they are personal data).</summary>
    private static string Changed(PersonDetails a, PersonDetails b, bool ageChanged)
    {
        var changed = new List<string>();
        void F(string name, bool same) { if (!same) changed.Add(name); }
        F("givenName", a.GivenName == b.GivenName);
        F("familyName", a.FamilyName == b.FamilyName);
        F("aliases", a.Aliases == b.Aliases);
        F("birthDate", a.BirthDate == b.BirthDate);
        // The estimated age lives on the case (its age at identification), not in the sealed details: an edit of it
        // alone was written down as "no identity field changed".
        F("estimatedAge", b.BirthDate is not null || !ageChanged);
        F("gender", a.Gender == b.Gender);
        F("citizenships", a.Citizenships.SequenceEqual(b.Citizenships));
        F("languages", a.Languages == b.Languages);
        F("contacts", a.Contacts == b.Contacts);
        F("documentNumber", a.DocumentNumber == b.DocumentNumber);
        F("mailingAddress", a.Mailing == b.Mailing);
        return changed.Count == 0 ? "no identity field changed" : string.Join(", ", changed);
    }
}
