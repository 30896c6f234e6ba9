namespace Palermo.Statistics;

/// <summary>All cells published for one indicator and year, the linear relations between them (every
/// published total equals the sum of its parts) and the tables that show them. Disclosure control works on
/// the whole system at once because tables share cells: the citizenship table is the row margin of the flow
/// lines, the grand total is in every table.</summary>
public sealed class CellSystem
{
    private readonly Dictionary<CellKey, int> index = [];
    private readonly List<CellKey> keys = [];
    private readonly List<int> values = [];
    private readonly List<Equation> equations = [];
    private readonly List<StatTable> tables = [];
    private readonly List<FlowLine> flowLines = [];

    public CellSystem(Indicator indicator, int year)
    {
        Indicator = indicator;
        Year = year;
    }

    public Indicator Indicator { get; }

    public int Year { get; }

    public IReadOnlyList<CellKey> Keys => keys;

    public IReadOnlyList<int> Values => values;

    public IReadOnlyList<Equation> Equations => equations;

    public IReadOnlyList<StatTable> Tables => tables;

    public IReadOnlyList<FlowLine> FlowLines => flowLines;

    /// <summary>Cells that are flow lines: hidden ones are left out of every export, not printed as <c>&lt;5</c>.</summary>
    public bool IsFlowLine(int cell) => flowCells.Contains(cell);

    private readonly HashSet<int> flowCells = [];

    public int Grand => Cell(CellKey.Grand(Indicator, Year), -1);

    /// <summary>Adds a cell, or returns the existing one with the same key (values must agree).</summary>
    public int Cell(CellKey key, int value)
    {
        if (index.TryGetValue(key, out var existing))
        {
            if (value >= 0 && values[existing] != value)
            {
                throw new InvalidOperationException($"Cell {key} was built twice with different values.");
            }

            return existing;
        }

        if (value < 0)
        {
            throw new InvalidOperationException($"Cell {key} is used before it is built.");
        }

        index.Add(key, keys.Count);
        keys.Add(key);
        values.Add(value);
        return keys.Count - 1;
    }

    public bool TryFind(CellKey key, out int cell) => index.TryGetValue(key, out cell);

    public void Sum(int total, IEnumerable<int> parts)
    {
        var array = parts.ToArray();
        if (array.Length > 0)
        {
            equations.Add(new Equation(total, array));
        }
    }

    public void AddTable(StatTable table) => tables.Add(table);

    public void AddFlowLine(FlowLine line)
    {
        flowLines.Add(line);
        flowCells.Add(line.Cell);
    }
}

/// <summary>A published relation: cell <see cref="Total"/> = Σ cells <see cref="Parts"/>.</summary>
public sealed record Equation(int Total, int[] Parts);
