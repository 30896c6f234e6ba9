using System.Collections.Frozen;
using System.Globalization;

namespace Palermo.Statistics;

/// <summary>ISO 3166 countries with their GLOTIP region and subregion. It is data, not code: the shipped copy
/// is an embedded <c>countries.csv</c>, an administrator can load a corrected copy, and single countries can be
/// moved with <see cref="WithOverride"/>. Immutable, so one instance can serve concurrent reports.</summary>
public sealed class CountryTable
{
    private readonly short[] byPacked;
    private readonly FrozenDictionary<string, int> byAlpha;

    private CountryTable(IReadOnlyList<Country> countries, IReadOnlyList<string> regions, IReadOnlyList<string> subregions)
    {
        Countries = countries;
        Regions = regions;
        Subregions = subregions;
        byPacked = new short[CountryCode.PackedRange];
        Array.Fill(byPacked, (short)-1);
        var alpha = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in countries)
        {
            byPacked[c.Code.Packed] = (short)c.Index;
            alpha[c.Alpha2] = c.Index;
            alpha[c.Alpha3] = c.Index;
        }

        byAlpha = alpha.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        RegionCodes = regions.Select(RegionCode).ToArray();
        SubregionCodes = subregions.Select(RegionCode).ToArray();
    }

    public IReadOnlyList<Country> Countries { get; }

    /// <summary>GLOTIP region names, in order of first appearance in the CSV.</summary>
    public IReadOnlyList<string> Regions { get; }

    public IReadOnlyList<string> Subregions { get; }

    /// <summary>Published region codes: the name in upper snake case, e.g. <c>SOUTH_ASIA</c>.</summary>
    public IReadOnlyList<string> RegionCodes { get; }

    public IReadOnlyList<string> SubregionCodes { get; }

    public const string UnknownRegionCode = "UNKNOWN_REGION";

    public static CountryTable LoadDefault()
    {
        using var stream = typeof(CountryTable).Assembly.GetManifestResourceStream("Palermo.countries.csv")
            ?? throw new InvalidOperationException("The embedded country table is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Load(reader);
    }

    /// <summary>Reads the countries.csv layout (header with alpha2, alpha3, m49, glotip_region,
    /// glotip_subregion; other columns are ignored). Errors name the line.</summary>
    public static CountryTable Load(TextReader reader)
    {
        var header = CsvLine.Split(reader.ReadLine() ?? throw new StatisticsException("countries", "The country table is empty."));
        int Column(string name) => header.FindIndex(h => h.Trim().Equals(name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
            ? i
            : throw new StatisticsException("countries", $"The country table has no '{name}' column.");
        int a2 = Column("alpha2"), a3 = Column("alpha3"), m49 = Column("m49"), reg = Column("glotip_region"), sub = Column("glotip_subregion");
        var rows = new List<(string A2, string A3, string M49, string Region, string Subregion)>();
        var lineNo = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0)
            {
                continue;
            }

            var f = CsvLine.Split(line);
            if (f.Count < header.Count)
            {
                throw new StatisticsException("countries", $"Line {lineNo} has {f.Count} fields, expected {header.Count}.");
            }

            if (f[a2].Length != 2 || !CountryCode.TryParse(f[a3], out _))
            {
                throw new StatisticsException("countries", $"Line {lineNo}: '{f[a2]}'/'{f[a3]}' are not ISO alpha-2/alpha-3 codes.");
            }

            rows.Add((f[a2].ToUpperInvariant(), f[a3].ToUpperInvariant(), f[m49], f[reg].Trim(), f[sub].Trim()));
        }

        return Build(rows);
    }

    /// <summary>A copy with one country moved to another GLOTIP region and subregion (names as in the CSV; a
    /// new name creates a new grouping).</summary>
    public CountryTable WithOverride(string alpha3, string region, string subregion)
    {
        var target = Find(alpha3, "alpha3");
        var rows = Countries.Select(c => c.Index == target.Index
            ? (c.Alpha2, c.Alpha3, c.M49, region, subregion)
            : (c.Alpha2, c.Alpha3, c.M49, RegionName(c.Region), SubregionName(c.Subregion))).ToList();
        return Build(rows);
    }

    /// <summary>Looks up an alpha-2 or alpha-3 code, case-insensitive; unknown codes are a validation error
    /// naming <paramref name="field"/>.</summary>
    public Country Find(string code, string field = "country") =>
        TryFind(code, out var country)
            ? country
            : throw new StatisticsException(field, $"Unknown country code '{code}'; use an ISO 3166 alpha-2 or alpha-3 code from the country table.");

    public bool TryFind(string? code, out Country country)
    {
        if (code is not null && byAlpha.TryGetValue(code.Trim(), out var index))
        {
            country = Countries[index];
            return true;
        }

        country = null!;
        return false;
    }

    /// <summary>Table index of a packed code, or -1 (unknown code or no code).</summary>
    public int IndexOf(CountryCode? code) => code is { } c ? byPacked[c.Packed] : -1;

    internal short[] PackedIndex => byPacked;

    public string RegionCodeOf(int countryIndex) =>
        countryIndex >= 0 && Countries[countryIndex].Region >= 0 ? RegionCodes[Countries[countryIndex].Region] : UnknownRegionCode;

    private string RegionName(int index) => index < 0 ? "" : Regions[index];

    private string SubregionName(int index) => index < 0 ? "" : Subregions[index];

    private static string RegionCode(string name) =>
        string.Concat(name.ToUpperInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_'))
            .Replace("__", "_", StringComparison.Ordinal);

    private static CountryTable Build(List<(string A2, string A3, string M49, string Region, string Subregion)> rows)
    {
        var regions = new List<string>();
        var subregions = new List<string>();
        static int Intern(List<string> list, string name)
        {
            if (name.Length == 0)
            {
                return -1;
            }

            var i = list.FindIndex(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (i >= 0)
            {
                return i;
            }

            list.Add(name);
            return list.Count - 1;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var countries = new List<Country>(rows.Count);
        foreach (var (a2, a3, m49, region, subregion) in rows)
        {
            if (!seen.Add(a3) || !seen.Add(a2))
            {
                throw new StatisticsException("countries", $"Country code '{a3}' or '{a2}' appears twice.");
            }

            countries.Add(new Country(countries.Count, a2, a3, m49, Intern(regions, region), Intern(subregions, subregion)));
        }

        if (countries.Count > short.MaxValue)
        {
            throw new StatisticsException("countries", string.Create(CultureInfo.InvariantCulture, $"Too many countries ({countries.Count})."));
        }

        return new CountryTable(countries, regions, subregions);
    }
}
