using Palermo.Statistics;

namespace Palermo.Tests.Statistics;

/// <summary>The attacker's knowledge of the publication layout, restated from docs/statistics.md without using
/// the product's equation list: which published cells are sums of which others. Derived from the cell keys
/// alone (plus the public country table), so a relation the product forgot to protect is still found.</summary>
internal static class PublishedConstraints
{
    private const string T = "_T";
    private static readonly HashSet<string> FlowClasses = ["DOMESTIC", "SUBREGIONAL", "INTRAREGIONAL", "TRANSREGIONAL", "UNKNOWN"];

    public static List<(int Total, List<int> Parts)> Derive(IReadOnlyList<CellKey> keys, CountryTable countries)
    {
        var index = keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        var result = new List<(int, List<int>)>();
        void Relation(CellKey total, IEnumerable<int> parts)
        {
            var list = parts.ToList();
            if (index.TryGetValue(total, out var t) && list.Count > 0)
            {
                result.Add((t, list));
            }
        }

        var grand = keys.First(k => k is { Country: T, Sex: T, Age: T, Exploitation: T, Citizenship: T, Flow: T });
        List<int> Where(Func<CellKey, bool> predicate) => keys.Select((k, i) => (k, i)).Where(x => predicate(x.k)).Select(x => x.i).ToList();
        bool Plain(CellKey k) => k is { Country: T, Exploitation: T, Citizenship: T, Flow: T };

        // Sex × age with margins.
        foreach (var total in keys.Where(k => Plain(k) && k.Sex == T))
        {
            Relation(total, Where(k => Plain(k) && k.Sex != T && k.Age == total.Age));
        }

        foreach (var total in keys.Where(k => Plain(k) && k.Age == T))
        {
            Relation(total, Where(k => Plain(k) && k.Age != T && k.Sex == total.Sex));
        }

        // Forms: OTHER is the sum of its details, the total the sum of the top level.
        bool Form(CellKey k) => k is { Country: T, Sex: T, Age: T, Citizenship: T, Flow: T } && k.Exploitation != T;
        Relation(grand with { Exploitation = "OTHER" }, Where(k => Form(k) && k.Exploitation.StartsWith("OTHER_", StringComparison.Ordinal)));
        Relation(grand, Where(k => Form(k) && !k.Exploitation.StartsWith("OTHER_", StringComparison.Ordinal)));

        // Citizenship and detection tables, flow classes.
        bool Only(CellKey k) => k is { Sex: T, Age: T, Exploitation: T };
        Relation(grand, Where(k => Only(k) && k.Country == T && k.Flow == T && k.Citizenship != T));
        Relation(grand, Where(k => Only(k) && k.Citizenship == T && k.Flow == T && k.Country != T));
        Relation(grand, Where(k => Only(k) && k.Citizenship == T && k.Country == T && FlowClasses.Contains(k.Flow)));

        // Flow lines: margins by origin, destination and class; region cells are sums of lines.
        var lines = keys.Select((k, i) => (k, i)).Where(x => Only(x.k) && x.k.Country != T && x.k.Citizenship != T && FlowClasses.Contains(x.k.Flow)).ToList();
        foreach (var g in lines.GroupBy(x => x.k.Citizenship))
        {
            Relation(grand with { Citizenship = g.Key }, g.Select(x => x.i));
        }

        foreach (var g in lines.GroupBy(x => x.k.Country))
        {
            Relation(grand with { Country = g.Key }, g.Select(x => x.i));
        }

        foreach (var g in lines.GroupBy(x => x.k.Flow))
        {
            Relation(grand with { Flow = g.Key }, g.Select(x => x.i));
        }

        string Region(string alpha3) => countries.TryFind(alpha3, out var c) && c.Region >= 0 ? countries.RegionCodes[c.Region] : "UNKNOWN_REGION";
        foreach (var g in lines.GroupBy(x => (Region(x.k.Citizenship), Region(x.k.Country))))
        {
            Relation(grand with { Citizenship = g.Key.Item1, Country = g.Key.Item2, Flow = "REGION" }, g.Select(x => x.i));
        }

        var regionCells = keys.Where(k => Only(k) && k.Flow == "REGION").ToList();
        foreach (var total in regionCells.Where(k => k.Country == T))
        {
            Relation(total, regionCells.Where(k => k.Country != T && k.Citizenship == total.Citizenship).Select(k => index[k]));
            Relation(total, Where(k => Only(k) && k.Country == T && k.Flow == T && k.Citizenship != T && Region(k.Citizenship) == total.Citizenship));
        }

        foreach (var total in regionCells.Where(k => k.Citizenship == T))
        {
            Relation(total, regionCells.Where(k => k.Citizenship != T && k.Country == total.Country).Select(k => index[k]));
            Relation(total, Where(k => Only(k) && k.Citizenship == T && k.Flow == T && k.Country != T && Region(k.Country) == total.Country));
        }

        Relation(grand, regionCells.Where(k => k.Country == T && k.Citizenship != T).Select(k => index[k]));
        Relation(grand, regionCells.Where(k => k.Citizenship == T && k.Country != T).Select(k => index[k]));

        // Recruitment → exploitation lines add up to the total.
        Relation(grand, Where(k => k.Flow.StartsWith("RECRUITMENT_", StringComparison.Ordinal)));
        return result;
    }
}
