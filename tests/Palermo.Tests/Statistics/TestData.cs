using Palermo.Organisations;
using Palermo.Statistics;
using Palermo.Statistics.Synthetic;

namespace Palermo.Tests.Statistics;

/// <summary>Shared fixtures: the shipped country table and seeded synthetic record sets.</summary>
internal static class TestData
{
    public static readonly CountryTable Countries = CountryTable.LoadDefault();

    private static readonly Lazy<StatisticsRecord[]> Medium = new(() =>
        SyntheticRecordGenerator.Generate(new SyntheticOptions(60_000, Seed: 7), Countries));

    /// <summary>60,000 records over 2018–2022 with ~5 % repeated persons.</summary>
    public static StatisticsRecord[] MediumRecords => Medium.Value;

    public static StatisticsRecord[] Records(int count, int seed, int fromYear = 2020, int toYear = 2022) =>
        SyntheticRecordGenerator.Generate(new SyntheticOptions(count, seed, fromYear, toYear), Countries);

    public static StatisticsRecord Victim(long key, string date, Sex sex = Sex.Female, AgeGroup age = AgeGroup.Adult,
        ExploitationForm form = ExploitationForm.Sexual, string? citizenship = "ITA", string? detection = "ITA",
        OrganisationKind org = OrganisationKind.NonGovernmentalOrganisation) =>
        new(key, Indicator.DetectedVictims, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), sex, age, form,
            citizenship is null ? null : CountryCode.Parse(citizenship),
            detection is null ? null : CountryCode.Parse(detection),
            null, null, org);
}
