using Microsoft.EntityFrameworkCore;
using Palermo.Data;
using Palermo.Linkage;
using Palermo.Linkage.Encoders;
using Palermo.Linkage.Schema;
using Palermo.Privacy;

namespace Palermo.Cases;

public sealed record SimilarPerson(Guid PersonId, string Reference, double Score, Guid CaseId = default);

/// <summary>An encoded search query, with the comparison and threshold its shape calls for.</summary>
public sealed record NameQuery(byte[] Encoding, MatchScore Score, double Threshold);

/// <summary>
/// Keyed Bloom-filter encodings of a person (name, birth date, sex, citizenship) with the linkage library's default
/// schema and hardening. The key is derived from the installation's blind-index key, so encodings are useless
/// outside this installation. Used for typo- and transliteration-tolerant name search and the duplicate warning.
/// </summary>
public sealed class NameEncoder(BlindIndex index)
{
    public const double DuplicateThreshold = LinkageDefaults.Threshold;
    public const double SearchThreshold = 0.6;

    /// <summary>
    /// One name alone (containment, see <see cref="MatchScore.Containment"/>). Chosen on 2,000 random keys: a
    /// transliteration such as Mohammed → Muhammad Hussein scores 0.72–0.88 and Olena → Elena 0.79–0.92, while an
    /// unrelated name (Olena → Juan Garcia) stays at 0.38–0.63; docs/cases.md records the measurement.
    /// </summary>
    public const double SingleNameThreshold = 0.70;

    private readonly LinkageEncoder _encoder = new(DefaultSchema.Create(), index.DeriveKey("person-encoding"));

    public int FilterBytes => _encoder.FilterBytes;

    public byte[] Encode(PersonDetails d) => _encoder.EncodePerson(d.GivenName, d.FamilyName,
        d.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), SexCode(d.Gender), d.Citizenships.FirstOrDefault());

    /// <summary>A search query: only a name (and optionally a birth date) is known.</summary>
    public byte[] EncodeQuery(string name, DateOnly? birthDate) => ParseQuery(name, birthDate).Encoding;

    /// <summary>
    /// A search query and how to compare it: a given and a family name (and a birth date) against the whole person
    /// (Dice), one name alone against either of the person's names (containment).
    /// </summary>
    public NameQuery ParseQuery(string name, DateOnly? birthDate)
    {
        // Split on any white space: a tab or line break between the names (pasted from a table) separates them too.
        var parts = name.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var encoding = _encoder.EncodePerson(parts.ElementAtOrDefault(0), parts.ElementAtOrDefault(1),
            birthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), null, null);
        return parts.Length == 1 && birthDate is null
            ? new NameQuery(encoding, MatchScore.Containment, SingleNameThreshold)
            : new NameQuery(encoding, MatchScore.Dice, SearchThreshold);
    }

    /// <summary>The organisation's cases whose person's encoding scores at least <paramref name="threshold"/>, best first.</summary>
    public Task<IReadOnlyList<SimilarPerson>> SearchAsync(PalermoDbContext db, Guid organisationId, byte[] query, double threshold, int max, CancellationToken ct) =>
        PersonEncodingIndex.SearchAsync(db, organisationId, FilterBytes, query, threshold, max, ct);

    /// <summary>
    /// The cases of <paramref name="organisationId"/> matching a parsed query, best first; only those in
    /// <paramref name="onlyCases"/> when given (another organisation's cases referred to the searcher).
    /// </summary>
    public Task<IReadOnlyList<SimilarPerson>> SearchAsync(PalermoDbContext db, Guid organisationId, NameQuery query, int max, CancellationToken ct,
        IReadOnlySet<Guid>? onlyCases = null) =>
        PersonEncodingIndex.SearchAsync(db, organisationId, FilterBytes, query.Encoding, query.Threshold, max, ct, query.Score, onlyCases);

    private static string? SexCode(Gender g) => g switch
    {
        Gender.Feminine => "F",
        Gender.Masculine => "M",
        Gender.NonSpecifiedUnknown => null,
        _ => "O",
    };
}
