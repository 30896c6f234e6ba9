namespace Palermo.Statistics;

/// <summary>The dimensions of one published observation, exactly the columns of the tidy CSV. A total over a
/// breakdown is <see cref="Codes.Total"/>; the same key in two tables is the same cell (e.g. the grand total).</summary>
public readonly record struct CellKey(
    Indicator Indicator,
    int Year,
    string Country,
    string Sex,
    string Age,
    string Exploitation,
    string Citizenship,
    string Flow)
{
    public static CellKey Grand(Indicator indicator, int year) =>
        new(indicator, year, Codes.Total, Codes.Total, Codes.Total, Codes.Total, Codes.Total, Codes.Total);

    public CellKey With(string? country = null, string? sex = null, string? age = null, string? exploitation = null,
        string? citizenship = null, string? flow = null) =>
        new(Indicator, Year, country ?? Country, sex ?? Sex, age ?? Age, exploitation ?? Exploitation, citizenship ?? Citizenship, flow ?? Flow);
}

/// <summary>How a cell is published.</summary>
public enum CellStatus : byte
{
    /// <summary>The true count is published.</summary>
    Published = 0,

    /// <summary>Primary suppression: a count below the threshold (published as <c>&lt;5</c>); a hidden flow line.</summary>
    Primary = 1,

    /// <summary>Secondary (complementary) suppression, published as <c>x</c>, so primary cells cannot be recomputed.</summary>
    Secondary = 2,
}

/// <summary>A flow line: origin → destination with its class; the count is the cell <see cref="Cell"/>.</summary>
/// <param name="Recruitment">True for recruitment → exploitation country, false for citizenship → detection.</param>
public sealed record FlowLine(int Cell, string Origin, string Destination, FlowClass Class, bool Recruitment);

/// <summary>A table as the report prints it: row and column codes with the cell index of each crossing
/// (totals are the last row / column, code <c>_T</c>). One-dimensional tables have the single column <c>_T</c>.</summary>
public sealed record StatTable(
    string Id,
    string Title,
    string RowDimension,
    IReadOnlyList<string> RowCodes,
    string ColumnDimension,
    IReadOnlyList<string> ColumnCodes,
    int[,] Cells);
