using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Cases;

/// <summary>
/// The data subject. Every identifying field is sealed with the person's own data key; blind indexes allow exact
/// lookup without decryption. Gender and citizenship stay readable because the national statistics count them
/// without ever opening a sealed field (see docs/decisions/0005). Destroying the data key erases the person.
/// </summary>
public sealed class Person : IVersioned
{
    public const int NameMaxLength = 200;
    public const int TextMaxLength = 2000;

    private Person() { NameIndex = ""; GivenName = null!; Citizenships = ""; }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Guid DataKeyId { get; private set; }
    public DataKey DataKey { get; private set; } = null!;
    public Sealed GivenName { get; private set; }
    public Sealed? FamilyName { get; private set; }
    public Sealed? Aliases { get; private set; }
    public Sealed? BirthDate { get; private set; }
    public Sealed? Languages { get; private set; }
    public Sealed? Contacts { get; private set; }
    public Sealed? DocumentNumber { get; private set; }
    /// <summary>The postal address (<see cref="Cases.MailingAddress"/>), its parts sealed together as one field.</summary>
    public Sealed? MailingAddress { get; private set; }
    public string NameIndex { get; private set; }
    public string? DocumentIndex { get; private set; }
    /// <summary>
    /// Keyed Bloom-filter encoding of name, birth date, sex and citizenship for typo-tolerant search and duplicates,
    /// followed by one such encoding per alias (<see cref="NameEncoder.Encode"/>), so other names are found too.
    /// </summary>
    public byte[]? NameEncoding { get; private set; }
    public Gender Gender { get; private set; }
    /// <summary>ISO alpha-3 codes separated by ';' (statistics count the first).</summary>
    public string Citizenships { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? ErasedAt { get; private set; }
    /// <summary>While set, the person cannot be erased (court order, ongoing proceedings).</summary>
    public bool LegalHold { get; private set; }
    /// <summary>Why the hold was last set or released; sealed with the person's key (it may name a court case or people).</summary>
    public Sealed? LegalHoldReason { get; private set; }
    public long Version { get; set; }

    public bool IsErased => ErasedAt is not null;

    public static Person Register(Guid organisationId, string givenName, string? familyName, PersonCrypto crypto, BlindIndex index, DateTime now) =>
        Register(organisationId, new PersonDetails(givenName, familyName, null, null, Gender.NonSpecifiedUnknown, [], null, null, null), crypto, index, now);

    public static Person Register(Guid organisationId, PersonDetails d, PersonCrypto crypto, BlindIndex index, DateTime now)
    {
        d.Validate();
        var key = crypto.NewKey(now);
        var p = new Person { Id = Ids.NewV7(), OrganisationId = organisationId, DataKey = key, DataKeyId = key.Id, CreatedAt = now };
        p.Apply(d, crypto, index);
        return p;
    }

    public void Update(PersonDetails d, PersonCrypto crypto, BlindIndex index)
    {
        if (IsErased) throw new DomainException("person", "This person's data was erased.");
        d.Validate();
        Apply(d, crypto, index);
    }

    public void SetEncoding(byte[] encoding) => NameEncoding = encoding;

    public PersonDetails Open(PersonCrypto crypto)
    {
        if (IsErased) return PersonDetails.Erased;
        string? O(string f, Sealed? s) => crypto.Open(DataKey, f, s);
        return new PersonDetails(O("givenName", GivenName)!, O("familyName", FamilyName), O("aliases", Aliases),
            DateOnly.TryParse(O("birthDate", BirthDate), System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : null,
            Gender, Citizenships.Split(';', StringSplitOptions.RemoveEmptyEntries), O("languages", Languages), O("contacts", Contacts), O("documentNumber", DocumentNumber),
            Cases.MailingAddress.FromSealText(O(Cases.MailingAddress.SealField, MailingAddress)));
    }

    public const int LegalHoldReasonMaxLength = 1000;
    public const string LegalHoldReasonField = "legalHoldReason";

    /// <summary>Sets or releases the legal hold, each with a reason; setting a hold in force (or releasing none) is refused.</summary>
    public void SetLegalHold(bool hold, string? reason, PersonCrypto crypto)
    {
        if (IsErased) throw new DomainException("person", "This person's data was erased.");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason", hold ? "Give the reason for the legal hold (e.g. the court order or proceedings)." : "Give the reason for releasing the legal hold.");
        if (reason.Trim().Length > LegalHoldReasonMaxLength) throw new DomainException("reason", $"Must be at most {LegalHoldReasonMaxLength} characters.");
        TextRules.Plain("reason", reason);
        if (hold == LegalHold) throw new DomainException("hold", hold ? "A legal hold is already in force." : "No legal hold is in force.");
        LegalHold = hold;
        LegalHoldReason = crypto.Seal(DataKey, LegalHoldReasonField, reason.Trim());
    }

    /// <summary>Crypto-shredding: the sealed fields stay as unreadable bytes; lookup indexes and encodings are cleared.</summary>
    public void Erase(DateTime now)
    {
        if (LegalHold) throw new DomainException("legalHold", "A legal hold is in force; release it before erasing.");
        if (IsErased) throw new DomainException("person", "Already erased.");
        DataKey.Destroy(now);
        NameIndex = "";
        DocumentIndex = null;
        NameEncoding = null;
        ErasedAt = now;
    }

    private void Apply(PersonDetails d, PersonCrypto crypto, BlindIndex index)
    {
        GivenName = crypto.Seal(DataKey, "givenName", d.GivenName.Trim());
        FamilyName = crypto.SealOptional(DataKey, "familyName", d.FamilyName?.Trim());
        Aliases = crypto.SealOptional(DataKey, "aliases", d.Aliases?.Trim());
        BirthDate = crypto.SealOptional(DataKey, "birthDate", d.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Languages = crypto.SealOptional(DataKey, "languages", d.Languages?.Trim());
        Contacts = crypto.SealOptional(DataKey, "contacts", d.Contacts?.Trim());
        DocumentNumber = crypto.SealOptional(DataKey, "documentNumber", d.DocumentNumber?.Trim());
        MailingAddress = d.Mailing is { IsEmpty: false } m ? crypto.Seal(DataKey, Cases.MailingAddress.SealField, m.ToSealText()) : null;
        NameIndex = index.Compute("name", d.GivenName, d.FamilyName);
        DocumentIndex = string.IsNullOrWhiteSpace(d.DocumentNumber) ? null : index.Compute("document", d.DocumentNumber);
        Gender = d.Gender;
        Citizenships = string.Join(';', d.Citizenships);
    }
}
