namespace Palermo.Statistics;

/// <summary>Turns a cube into the report's tables: for every indicator with data and every year, one
/// <see cref="CellSystem"/> holding victims by sex × age, by form, by citizenship, by country of detection,
/// the flow classes, the region × region matrix and the flow lines. Years are never totalled: a person
/// identified in two years is one person per year, so a sum over years would not count persons.</summary>
public static class TableBuilder
{
    public static IReadOnlyList<CellSystem> Build(StatisticsCube cube)
    {
        var systems = new List<CellSystem>();
        foreach (var indicator in Codes.Indicators)
        {
            if (!cube.Years.Any(y => cube.Has(indicator, y)))
            {
                continue;
            }

            foreach (var year in cube.Years)
            {
                var system = new CellSystem(indicator, year);
                var grand = CellKey.Grand(indicator, year);
                system.Cell(grand, Enumerable.Range(0, 12).Sum(i => cube.SexAgeCounts[(cube.Block(indicator, year) * 12) + i]));
                AddSexAge(system, cube, grand);
                AddForms(system, cube, grand);
                FlowTableBuilder.AddCountryTables(system, cube, grand);
                FlowTableBuilder.AddFlows(system, cube, grand);
                FlowTableBuilder.AddRegions(system, cube, grand);
                FlowTableBuilder.AddRecruitment(system, cube, grand);
                systems.Add(system);
            }
        }

        return systems;
    }

    private static void AddSexAge(CellSystem s, StatisticsCube cube, CellKey grand)
    {
        var sexCodes = Codes.Sexes.Select(x => x.Code()).Append(Codes.Total).ToArray();
        var ageCodes = Codes.AgeGroups.Select(x => x.Code()).Append(Codes.Total).ToArray();
        var cells = new int[sexCodes.Length, ageCodes.Length];
        for (var i = 0; i < Codes.Sexes.Length; i++)
        {
            for (var j = 0; j < Codes.AgeGroups.Length; j++)
            {
                cells[i, j] = s.Cell(grand.With(sex: sexCodes[i], age: ageCodes[j]), cube.SexAge(grand.Indicator, grand.Year, Codes.Sexes[i], Codes.AgeGroups[j]));
            }
        }

        int rows = Codes.Sexes.Length, cols = Codes.AgeGroups.Length;
        for (var i = 0; i < rows; i++)
        {
            cells[i, cols] = s.Cell(grand.With(sex: sexCodes[i]), Enumerable.Range(0, cols).Sum(j => s.Values[cells[i, j]]));
            s.Sum(cells[i, cols], Enumerable.Range(0, cols).Select(j => cells[i, j]));
        }

        for (var j = 0; j <= cols; j++)
        {
            cells[rows, j] = s.Cell(grand.With(age: ageCodes[j]), Enumerable.Range(0, rows).Sum(i => s.Values[cells[i, j]]));
            s.Sum(cells[rows, j], Enumerable.Range(0, rows).Select(i => cells[i, j]));
        }

        s.Sum(cells[rows, cols], Enumerable.Range(0, cols).Select(j => cells[rows, j]));
        s.AddTable(new StatTable("SEX_AGE", "Detected persons by sex and age", "sex", sexCodes, "age", ageCodes, cells));
    }

    private static void AddForms(CellSystem s, StatisticsCube cube, CellKey grand)
    {
        int Count(ExploitationForm f) => cube.Form(grand.Indicator, grand.Year, f);
        var rows = new List<(string Code, int Cell)>();
        int Add(string code, int value)
        {
            var cell = s.Cell(grand.With(exploitation: code), value);
            rows.Add((code, cell));
            return cell;
        }

        var sexual = Add(ExploitationTop.Sexual.Code(), Count(ExploitationForm.Sexual));
        var labour = Add(ExploitationTop.ForcedLabour.Code(), Count(ExploitationForm.ForcedLabour));
        var other = Add(ExploitationTop.Other.Code(), ExploitationForms.OtherDetails.Sum(Count));
        var details = ExploitationForms.OtherDetails.Select(f => Add(f.Code(), Count(f))).ToList();
        var unknown = Add(ExploitationTop.Unknown.Code(), Count(ExploitationForm.Unknown));
        var total = s.Cell(grand, -1);
        rows.Add((Codes.Total, total));
        s.Sum(other, details);
        s.Sum(total, [sexual, labour, other, unknown]);
        s.AddTable(OneDimensional("FORM", "Detected persons by form of exploitation", "exploitation", rows));
    }

    internal static StatTable OneDimensional(string id, string title, string dimension, List<(string Code, int Cell)> rows)
    {
        var cells = new int[rows.Count, 1];
        for (var i = 0; i < rows.Count; i++)
        {
            cells[i, 0] = rows[i].Cell;
        }

        return new StatTable(id, title, dimension, rows.Select(r => r.Code).ToArray(), "value", [Codes.Total], cells);
    }
}
