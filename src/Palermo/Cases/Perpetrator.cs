using System.Text.Json;
using Palermo.Organisations;

namespace Palermo.Cases;

/// <summary>
/// Who the perpetrator or suspect of a case is, as far as the victim's case knows (HTCDS <c>per_FirstName</c>,
/// <c>per_SecondName</c>, <c>per_Gender</c>, <c>per_Birthdate</c>, <c>per_Age</c>, <c>per_Citizenship</c>). Personal
/// data of a third person, recorded in the victim's case: stored as one field sealed with the <b>victim's</b> data key,
/// so erasing the victim shreds it too, and shown only to those who may see the victim's identity. The role in the
/// process (<see cref="PerpetratorRole"/>) is a readable case fact like the forms of exploitation.
/// </summary>
public sealed record PerpetratorDetails(
    string? FirstName, string? SecondName, Gender? Gender, DateOnly? BirthDate, int? Age, IReadOnlyList<string> Citizenships)
{
    public const int NameMaxLength = 200;

    /// <summary>The field name bound into the seal (AES-GCM associated data).</summary>
    public const string SealField = "perpetrator";

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => FirstName is null && SecondName is null && Gender is null && BirthDate is null && Age is null && Citizenships.Count == 0;

    public void Validate(DateTime now)
    {
        if (FirstName is { Length: > NameMaxLength }) throw new DomainException("perpetratorFirstName", $"Must be at most {NameMaxLength} characters.");
        if (SecondName is { Length: > NameMaxLength }) throw new DomainException("perpetratorSecondName", $"Must be at most {NameMaxLength} characters.");
        TextRules.OneLine("perpetratorFirstName", FirstName);
        TextRules.OneLine("perpetratorSecondName", SecondName);
        if (BirthDate > DateOnly.FromDateTime(now)) throw new DomainException("perpetratorBirthDate", "The perpetrator's birth date cannot be in the future.");
        if (BirthDate < new DateOnly(1900, 1, 1)) throw new DomainException("perpetratorBirthDate", "The perpetrator's birth date is implausibly early.");
        if (Age is < 0 or > 120) throw new DomainException("perpetratorAge", "The perpetrator's age must be a whole number between 0 and 120.");
        if (Citizenships.Count > 5) throw new DomainException("perpetratorCitizenships", "At most 5 citizenships.");
        foreach (var c in Citizenships)
        {
            if (!CountryCodes.IsAlpha3(c)) throw new DomainException("perpetratorCitizenships", "Unknown country code: use ISO 3166 codes such as UKR or UA.");
        }
    }

    /// <summary>Value equality, the citizenships compared element by element (a record would compare the list's reference).</summary>
    public bool Equals(PerpetratorDetails? other) =>
        other is not null && FirstName == other.FirstName && SecondName == other.SecondName && Gender == other.Gender
        && BirthDate == other.BirthDate && Age == other.Age && Citizenships.SequenceEqual(other.Citizenships);

    public override int GetHashCode() => HashCode.Combine(FirstName, SecondName, Gender, BirthDate, Age, Citizenships.Count);

    public string ToSealText() => JsonSerializer.Serialize(this);

    public static PerpetratorDetails? FromSealText(string? text) => text is null ? null : JsonSerializer.Deserialize<PerpetratorDetails>(text);

    /// <summary>One line for a page: the parts that are known.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (FirstName is not null || SecondName is not null) parts.Add(string.Join(' ', new[] { FirstName, SecondName }.Where(n => n is not null)));
        if (Gender is { } g) parts.Add(g.ToString());
        if (BirthDate is { } b) parts.Add("born " + b.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (Age is { } a) parts.Add($"aged about {a}");
        if (Citizenships.Count > 0) parts.Add(string.Join(", ", Citizenships));
        return string.Join(" · ", parts);
    }
}
