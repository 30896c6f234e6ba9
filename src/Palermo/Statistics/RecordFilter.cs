using System.Globalization;
using Palermo.Organisations;

namespace Palermo.Statistics;

/// <summary>Applies a <see cref="StatisticsQuery"/> to records: validates the year range against the data and
/// the region against the country table, then flags the records inside the range and filters. Filters come
/// before de-duplication: "persons identified by NGOs" takes each person's earliest NGO record.</summary>
internal static class RecordFilter
{
    public static bool[] Eligible(ReadOnlySpan<StatisticsRecord> records, StatisticsQuery query, CountryTable countries,
        out int from, out int to, out int matched)
    {
        if (records.IsEmpty)
        {
            throw new StatisticsException("records", "The record set is empty; there is nothing to count.");
        }

        (from, to) = ResolveYears(records, query);
        var allowedDetection = ResolveRegion(query.DetectionRegion, countries);
        var orgMask = 0UL;
        foreach (var kind in query.OrganisationKinds ?? new HashSet<OrganisationKind>())
        {
            orgMask |= (int)kind is >= 0 and < 64
                ? 1UL << (int)kind
                : throw new StatisticsException("organisationKinds", $"Unknown organisation kind {(int)kind}.");
        }

        var packed = countries.PackedIndex;
        var eligible = new bool[records.Length];
        matched = 0;
        for (var i = 0; i < records.Length; i++)
        {
            ref readonly var r = ref records[i];
            if ((uint)r.Indicator > (uint)Indicator.Convicted || (uint)r.Sex > (uint)Sex.Other
                || (uint)r.Age > (uint)AgeGroup.Adult || (uint)r.Form > (uint)ExploitationForm.OtherUnspecified)
            {
                // A producer bug, not a user error; the message names the position only, never the person.
                throw new StatisticsException("records", string.Create(CultureInfo.InvariantCulture,
                    $"Record {i} has a code outside the statistics code lists (indicator, sex, age or form)."));
            }

            var year = r.Year;
            var ok = year >= from && year <= to && (orgMask == 0 || (orgMask & (1UL << ((int)r.ReportingOrgKind & 63))) != 0);
            if (ok && allowedDetection is not null)
            {
                var d = r.CountryOfDetection is { } c ? packed[c.Packed] : -1;
                ok = d >= 0 && allowedDetection[d];
            }

            eligible[i] = ok;
            matched += ok ? 1 : 0;
        }

        return eligible;
    }

    private static (int From, int To) ResolveYears(ReadOnlySpan<StatisticsRecord> records, StatisticsQuery query)
    {
        int min = int.MaxValue, max = int.MinValue;
        foreach (ref readonly var r in records)
        {
            var y = r.Year;
            min = Math.Min(min, y);
            max = Math.Max(max, y);
        }

        var from = query.From ?? min;
        var to = query.To ?? max;
        string Range() => string.Create(CultureInfo.InvariantCulture, $"{min}–{max}");
        if (query.From is { } f && query.To is { } t && f > t)
        {
            throw new StatisticsException("from", string.Create(CultureInfo.InvariantCulture, $"The first year {f} is after the last year {t}; swap them."));
        }

        if (from < min || from > max)
        {
            throw new StatisticsException("from", string.Create(CultureInfo.InvariantCulture, $"Year {from} is outside the years with data ({Range()})."));
        }

        if (to > max || to < min)
        {
            throw new StatisticsException("to", string.Create(CultureInfo.InvariantCulture, $"Year {to} is outside the years with data ({Range()})."));
        }

        if (from > to)
        {
            throw new StatisticsException("from", string.Create(CultureInfo.InvariantCulture, $"The first year {from} is after the last year {to}."));
        }

        if (to - from + 1 > StatisticsQuery.MaxYears)
        {
            throw new StatisticsException("from", string.Create(CultureInfo.InvariantCulture, $"A report spans at most {StatisticsQuery.MaxYears} years."));
        }

        return (from, to);
    }

    /// <summary>Countries allowed as country of detection, or null when there is no region filter.</summary>
    private static bool[]? ResolveRegion(string? region, CountryTable countries)
    {
        if (string.IsNullOrWhiteSpace(region))
        {
            return null;
        }

        static int Match(IReadOnlyList<string> names, IReadOnlyList<string> codes, string value)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i].Equals(value, StringComparison.OrdinalIgnoreCase) || codes[i].Equals(value, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
        }

        var value = region.Trim();
        var r = Match(countries.Regions, countries.RegionCodes, value);
        var s = r < 0 ? Match(countries.Subregions, countries.SubregionCodes, value) : -1;
        if (r < 0 && s < 0)
        {
            throw new StatisticsException("region", $"Unknown region '{value}'; use a GLOTIP region or subregion of the country table, e.g. {countries.RegionCodes[0]}.");
        }

        return countries.Countries.Select(c => r >= 0 ? c.Region == r : c.Subregion == s).ToArray();
    }
}
