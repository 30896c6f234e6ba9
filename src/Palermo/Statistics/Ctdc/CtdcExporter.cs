using System.Globalization;
using Palermo.Statistics.Export;

namespace Palermo.Statistics.Ctdc;

/// <summary>Record-level export in the CTDC global dataset's shape: one row per detected victim and year of
/// registration (the same de-duplication as the tables, so one person never counts twice towards k), made
/// k-anonymous over the quasi-identifiers by <see cref="KAnonymizer"/>. Rows are sorted by their
/// quasi-identifiers so the file order reveals nothing about the order of registration.</summary>
public static class CtdcExporter
{
    public const int DefaultK = 11;

    public static CtdcReport Export(ReadOnlySpan<StatisticsRecord> records, StatisticsQuery query, CountryTable countries,
        TextWriter writer, int k = DefaultK, bool unsuppressedNationalData = false)
    {
        if (k < 2)
        {
            throw new StatisticsException("k", "k must be at least 2.");
        }

        if (countries.Countries.Count >= 1023)
        {
            throw new StatisticsException("countries", "The CTDC export supports at most 1,022 countries in the country table.");
        }

        var eligible = RecordFilter.Eligible(records, query, countries, out _, out _, out _);
        for (var i = 0; i < records.Length; i++)
        {
            eligible[i] &= records[i].Indicator == Indicator.DetectedVictims;
        }

        var chosen = PersonDeduplicator.SelectRepresentatives(records, eligible, out _);
        var rows = new List<int>(records.Length);
        for (var i = 0; i < chosen.Length; i++)
        {
            if (chosen[i])
            {
                rows.Add(i);
            }
        }

        var keys = new long[rows.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            ref readonly var r = ref records[rows[i]];
            keys[i] = KAnonymizer.Key(r.Year, GenderCode(r.Sex), CtdcFields.AgeBand(r.Ctdc.AgeAtRegistration),
                countries.IndexOf(r.Citizenship) + 1, countries.IndexOf(r.ExploitationCountry ?? r.CountryOfDetection) + 1);
        }

        int[] blanked = [0, 0, 0, 0];
        if (!unsuppressedNationalData)
        {
            (blanked, _) = KAnonymizer.Apply(keys, k);
        }

        var groupSize = KAnonymizer.Count(keys);
        // Order by quasi-identifiers, then by the other fields: nothing of the input (registration) order survives.
        var order = rows.ToArray();
        var sortKeys = new UInt128[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var c = records[order[i]].Ctdc;
            var content = (uint)c.Means | ((uint)c.Exploitation << 8) | ((uint)c.Labour << 11) | ((uint)c.SexTypes << 15)
                | ((uint)c.Recruiter << 17) | ((uint)c.Duration << 21);
            sortKeys[i] = ((UInt128)(ulong)keys[i] << 32) | content;
        }

        Array.Sort(sortKeys, order);
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = (long)(ulong)(sortKeys[i] >> 32);
        }
        var keep = new bool[keys.Length];
        var suppressed = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            keep[i] = unsuppressedNationalData || groupSize[keys[i]] >= k;
            suppressed += keep[i] ? 0 : 1;
        }

        var written = CtdcRowWriter.Write(records, order, keys, keep, countries, writer, unsuppressedNationalData);
        var smallest = groupSize.Values.Where(n => unsuppressedNationalData || n >= k).DefaultIfEmpty(0).Min();
        return new CtdcReport(k, records.Length, rows.Count, blanked[0], blanked[1], blanked[2], blanked[3],
            suppressed, written, smallest, unsuppressedNationalData);
    }

    public static CtdcReport ExportFile(ReadOnlyMemory<StatisticsRecord> records, StatisticsQuery query, CountryTable countries,
        string path, int k = DefaultK, bool unsuppressedNationalData = false)
    {
        CtdcReport? report = null;
        AtomicFile.WriteText(path, w => report = Export(records.Span, query, countries, w, k, unsuppressedNationalData));
        return report!;
    }

    internal static int GenderCode(Sex sex) => sex switch
    {
        Sex.Female => 1,
        Sex.Male => 2,
        Sex.Other => 3,
        _ => 0,
    };

    internal static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);
}
