namespace Palermo.Statistics;

/// <summary>Dense counts of unique persons, the engine's output. Every published table is a sum over these
/// arrays, so the tables of one report are consistent by construction. Country dimensions use the country
/// table index, with <see cref="UnknownCountry"/> (= number of countries) for missing or unknown codes.</summary>
public sealed class StatisticsCube
{
    internal StatisticsCube(CountryTable countries, int fromYear, int toYear)
    {
        Countries = countries;
        FromYear = fromYear;
        ToYear = toYear;
        CountrySlots = countries.Countries.Count + 1;
        var cells = Codes.Indicators.Length * YearCount;
        SexAgeCounts = new int[cells * 12];
        FormCounts = new int[cells * ExploitationForms.All.Length];
        FlowCounts = new int[cells * CountrySlots * CountrySlots];
        RecruitmentCounts = new int[cells * CountrySlots * CountrySlots];
    }

    public CountryTable Countries { get; }

    public int FromYear { get; }

    public int ToYear { get; }

    public int YearCount => ToYear - FromYear + 1;

    public IEnumerable<int> Years => Enumerable.Range(FromYear, YearCount);

    /// <summary>Countries in the table plus one slot for unknown.</summary>
    public int CountrySlots { get; }

    public int UnknownCountry => CountrySlots - 1;

    /// <summary>Records given to the engine.</summary>
    public int RecordsRead { get; internal set; }

    /// <summary>Records inside the year range and filters, before de-duplication.</summary>
    public int RecordsMatched { get; internal set; }

    /// <summary>Unique persons counted (summed over indicators and years).</summary>
    public int PersonsCounted { get; internal set; }

    /// <summary>Records of a person already counted in the same year and indicator.</summary>
    public int DuplicatesMerged { get; internal set; }

    /// <summary>Country codes that are not in the country table; counted as unknown.</summary>
    public int UnknownCountryCodes { get; internal set; }

    internal int[] SexAgeCounts { get; }

    internal int[] FormCounts { get; }

    internal int[] FlowCounts { get; }

    internal int[] RecruitmentCounts { get; }

    internal int Block(Indicator indicator, int year) => ((int)indicator * YearCount) + (year - FromYear);

    public bool Has(Indicator indicator, int year) =>
        year >= FromYear && year <= ToYear && SexAgeCounts.AsSpan(Block(indicator, year) * 12, 12).ContainsAnyExcept(0);

    public int SexAge(Indicator indicator, int year, Sex sex, AgeGroup age) =>
        SexAgeCounts[(Block(indicator, year) * 12) + ((int)sex * 3) + (int)age];

    public int Form(Indicator indicator, int year, ExploitationForm form) =>
        FormCounts[(Block(indicator, year) * ExploitationForms.All.Length) + (int)form];

    /// <summary>Persons of citizenship <paramref name="origin"/> detected in <paramref name="destination"/>.</summary>
    public int Flow(Indicator indicator, int year, int origin, int destination) =>
        FlowCounts[(((Block(indicator, year) * CountrySlots) + origin) * CountrySlots) + destination];

    /// <summary>Persons recruited in <paramref name="recruitment"/> and exploited in <paramref name="exploitation"/>.</summary>
    public int Recruitment(Indicator indicator, int year, int recruitment, int exploitation) =>
        RecruitmentCounts[(((Block(indicator, year) * CountrySlots) + recruitment) * CountrySlots) + exploitation];

    internal ReadOnlySpan<int> FlowMatrix(Indicator indicator, int year) =>
        FlowCounts.AsSpan(Block(indicator, year) * CountrySlots * CountrySlots, CountrySlots * CountrySlots);

    internal ReadOnlySpan<int> RecruitmentMatrix(Indicator indicator, int year) =>
        RecruitmentCounts.AsSpan(Block(indicator, year) * CountrySlots * CountrySlots, CountrySlots * CountrySlots);
}
