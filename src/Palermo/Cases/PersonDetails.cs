using Palermo.Organisations;

namespace Palermo.Cases;

/// <summary>What is known about a person, in clear, only in memory while a handler works with it.</summary>
public sealed record PersonDetails(
    string GivenName, string? FamilyName, string? Aliases, DateOnly? BirthDate, Gender Gender,
    IReadOnlyList<string> Citizenships, string? Languages, string? Contacts, string? DocumentNumber, MailingAddress? Mailing = null)
{
    public static readonly PersonDetails Erased = new("(erased)", null, null, null, Gender.NonSpecifiedUnknown, [], null, null, null);

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(GivenName)) throw new DomainException("givenName", "A given name (or the name the person uses) is required.");
        Max("givenName", GivenName, Person.NameMaxLength);
        Max("familyName", FamilyName, Person.NameMaxLength);
        Max("aliases", Aliases, Person.TextMaxLength);
        Max("languages", Languages, Person.NameMaxLength);
        Max("contacts", Contacts, Person.TextMaxLength);
        Max("documentNumber", DocumentNumber, 64);
        // Names and numbers are one line: a tab, line break or other control character is a paste or encoding accident,
        // and would otherwise be stored, shown and exported as part of the name.
        OneLine("givenName", GivenName);
        OneLine("familyName", FamilyName);
        OneLine("aliases", Aliases);
        OneLine("documentNumber", DocumentNumber);
        OneLine("languages", Languages);
        OneLine("contacts", Contacts);
        Mailing?.Validate();
        if (Citizenships.Count > 5) throw new DomainException("citizenships", "At most 5 citizenships.");
        foreach (var c in Citizenships)
        {
            if (!CountryCodes.IsAlpha3(c)) throw new DomainException("citizenships", "Unknown country code: use ISO 3166 alpha-3 codes such as UKR.");
        }
    }

    private static void OneLine(string field, string? value) => TextRules.OneLine(field, value);

    private static void Max(string field, string? value, int max)
    {
        if (value is { Length: > 0 } && value.Length > max) throw new DomainException(field, $"Must be at most {max} characters.");
    }
}
