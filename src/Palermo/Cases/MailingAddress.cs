using System.Text.Json;
using Palermo.Organisations;

namespace Palermo.Cases;

/// <summary>
/// The person's postal address (HTCDS <c>prs_MailingStreet</c>, <c>…City</c>, <c>…State</c>, <c>…PostalCode</c>,
/// <c>…Country</c>). Personal data: stored as one field sealed with the person's data key, so erasing the person
/// shreds it with the rest, and shown only to those who may see the person's identity and contacts.
/// </summary>
public sealed record MailingAddress(string? Street, string? City, string? State, string? PostalCode, string? Country)
{
    public const int StreetMaxLength = 200;
    public const int CityMaxLength = 100;
    public const int StateMaxLength = 100;
    public const int PostalCodeMaxLength = 20;

    /// <summary>The field name bound into the seal (AES-GCM associated data).</summary>
    public const string SealField = "mailingAddress";

    /// <summary>An address from the parts as typed: trimmed, empty parts as null; null when every part is empty.</summary>
    public static MailingAddress? From(string? street, string? city, string? state, string? postalCode, string? country)
    {
        var a = new MailingAddress(Blank(street), Blank(city), Blank(state), Blank(postalCode), Blank(country));
        return a.IsEmpty ? null : a;
    }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Street is null && City is null && State is null && PostalCode is null && Country is null;

    public void Validate()
    {
        Max("mailingStreet", Street, StreetMaxLength);
        Max("mailingCity", City, CityMaxLength);
        Max("mailingState", State, StateMaxLength);
        Max("mailingPostalCode", PostalCode, PostalCodeMaxLength);
        TextRules.OneLine("mailingStreet", Street);
        TextRules.OneLine("mailingCity", City);
        TextRules.OneLine("mailingState", State);
        TextRules.OneLine("mailingPostalCode", PostalCode);
        if (Country is not null && !CountryCodes.IsAlpha3(Country))
            throw new DomainException("mailingCountry", "Unknown country code: use ISO 3166 codes such as UKR or UA.");
    }

    /// <summary>The sealed form: a JSON array of the five parts (one seal for the address, not five).</summary>
    public string ToSealText() => JsonSerializer.Serialize(new[] { Street, City, State, PostalCode, Country });

    public static MailingAddress? FromSealText(string? text)
    {
        if (text is null) return null;
        var p = JsonSerializer.Deserialize<string?[]>(text) ?? [];
        return From(p.ElementAtOrDefault(0), p.ElementAtOrDefault(1), p.ElementAtOrDefault(2), p.ElementAtOrDefault(3), p.ElementAtOrDefault(4));
    }

    /// <summary>One line for a page: the parts that are filled, separated by commas.</summary>
    public override string ToString() => string.Join(", ", new[] { Street, City, State, PostalCode, Country }.Where(p => p is not null));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static void Max(string field, string? value, int max)
    {
        if (value?.Length > max) throw new DomainException(field, $"Must be at most {max} characters.");
    }
}
