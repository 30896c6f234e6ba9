using Microsoft.EntityFrameworkCore;
using Palermo.Data;
using Palermo.Linkage;
using Palermo.Linkage.Encoders;
using Palermo.Linkage.Schema;
using Palermo.Privacy;

namespace Palermo.Cases;

public sealed record SimilarPerson(Guid PersonId, string Reference, double Score);

/// <summary>
/// Keyed Bloom-filter encodings of a person (name, birth date, sex, citizenship) with the linkage library's default
/// schema and hardening. The key is derived from the installation's blind-index key, so encodings are useless
/// outside this installation. Used for typo- and transliteration-tolerant name search and the duplicate warning.
/// </summary>
public sealed class NameEncoder(BlindIndex index)
{
    public const double DuplicateThreshold = LinkageDefaults.Threshold;
    public const double SearchThreshold = 0.6;

    private readonly LinkageEncoder _encoder = new(DefaultSchema.Create(), index.DeriveKey("person-encoding"));

    public int FilterBytes => _encoder.FilterBytes;

    public byte[] Encode(PersonDetails d) => _encoder.EncodePerson(d.GivenName, d.FamilyName,
        d.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), SexCode(d.Gender), d.Citizenships.FirstOrDefault());

    /// <summary>A search query: only a name (and optionally a birth date) is known.</summary>
    public byte[] EncodeQuery(string name, DateOnly? birthDate)
    {
        // Split on any white space: a tab or line break between the names (pasted from a table) separates them too.
        var parts = name.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return _encoder.EncodePerson(parts.ElementAtOrDefault(0), parts.ElementAtOrDefault(1),
            birthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), null, null);
    }

    /// <summary>The organisation's cases whose person's encoding scores at least <paramref name="threshold"/>, best first.</summary>
    public Task<IReadOnlyList<SimilarPerson>> SearchAsync(PalermoDbContext db, Guid organisationId, byte[] query, double threshold, int max, CancellationToken ct) =>
        PersonEncodingIndex.SearchAsync(db, organisationId, FilterBytes, query, threshold, max, ct);

    private static string? SexCode(Gender g) => g switch
    {
        Gender.Feminine => "F",
        Gender.Masculine => "M",
        Gender.NonSpecifiedUnknown => null,
        _ => "O",
    };
}
