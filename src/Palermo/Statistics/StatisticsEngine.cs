namespace Palermo.Statistics;

/// <summary>Counts unique persons into a <see cref="StatisticsCube"/> in two linear passes: select one record per
/// person, indicator and year (see <see cref="PersonDeduplicator"/>), then add each selected record to small
/// dense integer arrays. No per-record allocation; about 140 ms per million records (see docs/statistics.md).</summary>
public static class StatisticsEngine
{
    public static StatisticsCube Compute(ReadOnlySpan<StatisticsRecord> records, StatisticsQuery query, CountryTable countries)
    {
        var eligible = RecordFilter.Eligible(records, query, countries, out var from, out var to, out var matched);
        var packed = countries.PackedIndex;
        var cube = new StatisticsCube(countries, from, to) { RecordsRead = records.Length };
        cube.RecordsMatched = matched;
        var keep = PersonDeduplicator.SelectRepresentatives(records, eligible, out var duplicates);
        cube.DuplicatesMerged = duplicates;
        Accumulate(records, keep, cube, packed);
        return cube;
    }

    private static void Accumulate(ReadOnlySpan<StatisticsRecord> records, bool[] keep, StatisticsCube cube, short[] packed)
    {
        var sexAge = cube.SexAgeCounts;
        var forms = cube.FormCounts;
        var flows = cube.FlowCounts;
        var recruitment = cube.RecruitmentCounts;
        var slots = cube.CountrySlots;
        var unknown = cube.UnknownCountry;
        var formCount = ExploitationForms.All.Length;
        int counted = 0, unknownCodes = 0;
        for (var i = 0; i < records.Length; i++)
        {
            if (!keep[i])
            {
                continue;
            }

            ref readonly var r = ref records[i];
            var block = cube.Block(r.Indicator, r.Year);
            sexAge[(block * 12) + ((int)r.Sex * 3) + (int)r.Age]++;
            forms[(block * formCount) + (int)r.Form]++;
            var c = CountrySlot(r.Citizenship, packed, unknown, ref unknownCodes);
            var d = CountrySlot(r.CountryOfDetection, packed, unknown, ref unknownCodes);
            flows[(((block * slots) + c) * slots) + d]++;
            var rc = CountrySlot(r.RecruitmentCountry, packed, unknown, ref unknownCodes);
            var ec = CountrySlot(r.ExploitationCountry, packed, unknown, ref unknownCodes);
            recruitment[(((block * slots) + rc) * slots) + ec]++;
            counted++;
        }

        cube.PersonsCounted = counted;
        cube.UnknownCountryCodes = unknownCodes;
    }

    private static int CountrySlot(CountryCode? code, short[] packed, int unknown, ref int unknownCodes)
    {
        if (code is not { } c)
        {
            return unknown;
        }

        var index = packed[c.Packed];
        if (index < 0)
        {
            unknownCodes++;
            return unknown;
        }

        return index;
    }
}
