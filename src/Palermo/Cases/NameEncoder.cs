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

    /// <summary>At most this many aliases are encoded (and searchable); a longer list is kept, sealed, but not encoded.</summary>
    public const int MaxEncodedAliases = 10;

    /// <summary>
    /// The person's encoding, followed by one encoding per alias (<see cref="Aliases"/>): each alias stands in for the
    /// given and family name, with the same birth date, sex and citizenship, so a search or a duplicate check compares
    /// it exactly as it compares the name. A person without aliases has one encoding of <see cref="FilterBytes"/>.
    /// </summary>
    public byte[] Encode(PersonDetails d)
    {
        var birth = d.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var sex = SexCode(d.Gender);
        var citizenship = d.Citizenships.FirstOrDefault();
        var aliases = Aliases(d.Aliases);
        if (aliases.Count == 0) return _encoder.EncodePerson(d.GivenName, d.FamilyName, birth, sex, citizenship);
        var all = new byte[FilterBytes * (1 + aliases.Count)];
        _encoder.EncodePerson(d.GivenName, d.FamilyName, birth, sex, citizenship).CopyTo(all, 0);
        for (var i = 0; i < aliases.Count; i++)
        {
            var (given, family) = Split(aliases[i]);
            _encoder.EncodePerson(given, family, birth, sex, citizenship).CopyTo(all, FilterBytes * (i + 1));
        }

        return all;
    }

    /// <summary>
    /// The other names of a person, as written in the one-line field: separated by commas or semicolons ("Lena; Helen
    /// Kovalenko"). Each is a name in its own right (a first word and the rest), compared with the same thresholds as
    /// the name. Blanks and repeats (ignoring case) are dropped; the first <see cref="MaxEncodedAliases"/> count.
    /// </summary>
    public static IReadOnlyList<string> Aliases(string? aliases) =>
        string.IsNullOrWhiteSpace(aliases)
            ? []
            : aliases.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(a => a.Any(char.IsLetterOrDigit)).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxEncodedAliases).ToList();

    /// <summary>The encodings in a stored value: the name's, then each alias's (see <see cref="Encode"/>).</summary>
    public static IEnumerable<byte[]> Parts(byte[] encoding, int filterBytes)
    {
        for (var at = 0; at + filterBytes <= encoding.Length; at += filterBytes) yield return encoding[at..(at + filterBytes)];
    }

    private static (string? Given, string? Family) Split(string name)
    {
        // Split on any white space, as a query is: the first word and the rest.
        var parts = name.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (parts.ElementAtOrDefault(0), parts.ElementAtOrDefault(1));
    }

    /// <summary>A search query: only a name (and optionally a birth date) is known.</summary>
    public byte[] EncodeQuery(string name, DateOnly? birthDate) => ParseQuery(name, birthDate).Encoding;

    /// <summary>
    /// A search query and how to compare it: a given and a family name (and a birth date) against the whole person
    /// (Dice), one name alone against either of the person's names (containment).
    /// </summary>
    public NameQuery ParseQuery(string name, DateOnly? birthDate)
    {
        // Split on any white space: a tab or line break between the names (pasted from a table) separates them too.
        var (given, family) = Split(name);
        var encoding = _encoder.EncodePerson(given, family,
            birthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), null, null);
        return given is not null && family is null && birthDate is null
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
