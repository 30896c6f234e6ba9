namespace Palermo.Statistics;

/// <summary>The country tables and flows of one indicator-year. Only countries with at least one person get a
/// row (an absent country is a published zero), and only non-zero flow lines exist.</summary>
internal static class FlowTableBuilder
{
    public const string RegionFlow = "REGION";
    public const string RecruitmentPrefix = "RECRUITMENT_";

    public static void AddCountryTables(CellSystem s, StatisticsCube cube, CellKey grand)
    {
        var matrix = cube.FlowMatrix(grand.Indicator, grand.Year);
        int n = cube.CountrySlots;
        var byCitizenship = new int[n];
        var byDetection = new int[n];
        for (var c = 0; c < n; c++)
        {
            for (var d = 0; d < n; d++)
            {
                byCitizenship[c] += matrix[(c * n) + d];
                byDetection[d] += matrix[(c * n) + d];
            }
        }

        AddOneCountryTable(s, cube, grand, byCitizenship, citizenship: true);
        AddOneCountryTable(s, cube, grand, byDetection, citizenship: false);
    }

    private static void AddOneCountryTable(CellSystem s, StatisticsCube cube, CellKey grand, int[] counts, bool citizenship)
    {
        var rows = new List<(string Code, int Cell)>();
        for (var c = 0; c < counts.Length; c++)
        {
            if (counts[c] > 0)
            {
                var code = CountryCodeOf(cube, c);
                rows.Add((code, s.Cell(citizenship ? grand.With(citizenship: code) : grand.With(country: code), counts[c])));
            }
        }

        var total = s.Cell(grand, -1);
        s.Sum(total, rows.Select(r => r.Cell));
        rows.Add((Codes.Total, total));
        s.AddTable(citizenship
            ? TableBuilder.OneDimensional("CITIZENSHIP", "Detected persons by citizenship", "citizenship", rows)
            : TableBuilder.OneDimensional("DETECTION", "Detected persons by country of detection", "country", rows));
    }

    public static void AddFlows(CellSystem s, StatisticsCube cube, CellKey grand)
    {
        var matrix = cube.FlowMatrix(grand.Indicator, grand.Year);
        int n = cube.CountrySlots;
        var byClass = Codes.FlowClasses.ToDictionary(k => k, _ => new List<int>());
        var classTotals = Codes.FlowClasses.ToDictionary(k => k, _ => 0);
        for (var c = 0; c < n; c++)
        {
            var rowParts = new List<int>();
            for (var d = 0; d < n; d++)
            {
                var value = matrix[(c * n) + d];
                if (value == 0)
                {
                    continue;
                }

                var cls = cube.Countries.Classify(c == cube.UnknownCountry ? -1 : c, d == cube.UnknownCountry ? -1 : d);
                var (origin, destination) = (CountryCodeOf(cube, c), CountryCodeOf(cube, d));
                var cell = s.Cell(grand.With(country: destination, citizenship: origin, flow: cls.Code()), value);
                s.AddFlowLine(new FlowLine(cell, origin, destination, cls, Recruitment: false));
                rowParts.Add(cell);
                byClass[cls].Add(cell);
                classTotals[cls] += value;
            }

            if (rowParts.Count > 0)
            {
                s.Sum(s.Cell(grand.With(citizenship: CountryCodeOf(cube, c)), -1), rowParts);
            }
        }

        for (var d = 0; d < n; d++)
        {
            var parts = s.FlowLines.Where(l => l.Destination == CountryCodeOf(cube, d)).Select(l => l.Cell).ToList();
            if (parts.Count > 0)
            {
                s.Sum(s.Cell(grand.With(country: CountryCodeOf(cube, d)), -1), parts);
            }
        }

        var rows = new List<(string Code, int Cell)>();
        foreach (var cls in Codes.FlowClasses)
        {
            var cell = s.Cell(grand.With(flow: cls.Code()), classTotals[cls]);
            s.Sum(cell, byClass[cls]);
            rows.Add((cls.Code(), cell));
        }

        var total = s.Cell(grand, -1);
        s.Sum(total, rows.Select(r => r.Cell));
        rows.Add((Codes.Total, total));
        s.AddTable(TableBuilder.OneDimensional("FLOW_CLASS", "Detected persons by flow class", "flow", rows));
    }

    public static void AddRegions(CellSystem s, StatisticsCube cube, CellKey grand)
    {
        var codes = cube.Countries.RegionCodes.Append(CountryTable.UnknownRegionCode).ToArray();
        var (rows, cols) = (codes.Length, codes.Length);
        var parts = new List<int>[rows, cols];
        var sums = new int[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                parts[i, j] = [];
            }
        }

        int RegionIndex(string countryCode) =>
            cube.Countries.TryFind(countryCode, out var country) && country.Region >= 0 ? country.Region : rows - 1;
        foreach (var line in s.FlowLines.Where(l => !l.Recruitment))
        {
            var (o, d) = (RegionIndex(line.Origin), RegionIndex(line.Destination));
            parts[o, d].Add(line.Cell);
            sums[o, d] += s.Values[line.Cell];
        }

        var cells = new int[rows + 1, cols + 1];
        var key = grand.With(flow: RegionFlow);
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                cells[i, j] = s.Cell(key.With(citizenship: codes[i], country: codes[j]), sums[i, j]);
                s.Sum(cells[i, j], parts[i, j]);
            }
        }

        for (var i = 0; i < rows; i++)
        {
            cells[i, cols] = s.Cell(key.With(citizenship: codes[i]), Enumerable.Range(0, cols).Sum(j => sums[i, j]));
            s.Sum(cells[i, cols], Enumerable.Range(0, cols).Select(j => cells[i, j]));
        }

        for (var j = 0; j < cols; j++)
        {
            cells[rows, j] = s.Cell(key.With(country: codes[j]), Enumerable.Range(0, rows).Sum(i => sums[i, j]));
            s.Sum(cells[rows, j], Enumerable.Range(0, rows).Select(i => cells[i, j]));
        }

        cells[rows, cols] = s.Cell(grand, -1);
        s.Sum(cells[rows, cols], Enumerable.Range(0, rows).Select(i => cells[i, cols]));
        s.Sum(cells[rows, cols], Enumerable.Range(0, cols).Select(j => cells[rows, j]));
        var labels = codes.Append(Codes.Total).ToArray();
        s.AddTable(new StatTable("REGION", "Detected persons by region of origin (rows) and region of detection (columns)",
            "citizenship", labels, "country", labels, cells));
    }

    public static void AddRecruitment(CellSystem s, StatisticsCube cube, CellKey grand)
    {
        var matrix = cube.RecruitmentMatrix(grand.Indicator, grand.Year);
        int n = cube.CountrySlots;
        var all = new List<int>();
        for (var r = 0; r < n; r++)
        {
            for (var e = 0; e < n; e++)
            {
                var value = matrix[(r * n) + e];
                if (value == 0)
                {
                    continue;
                }

                var cls = cube.Countries.Classify(r == cube.UnknownCountry ? -1 : r, e == cube.UnknownCountry ? -1 : e);
                var (origin, destination) = (CountryCodeOf(cube, r), CountryCodeOf(cube, e));
                var cell = s.Cell(grand.With(country: destination, citizenship: origin, flow: RecruitmentPrefix + cls.Code()), value);
                s.AddFlowLine(new FlowLine(cell, origin, destination, cls, Recruitment: true));
                all.Add(cell);
            }
        }

        s.Sum(s.Cell(grand, -1), all);
    }

    private static string CountryCodeOf(StatisticsCube cube, int slot) =>
        slot == cube.UnknownCountry ? Codes.UnknownCountry : cube.Countries.Countries[slot].Alpha3;
}
