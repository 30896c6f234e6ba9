namespace Palermo.Cases.Htcds;

/// <summary>
/// One problem in an import file. Names the row (the spreadsheet's row number: the header is row 1) and the column,
/// never the cell's value, which may be personal data.
/// </summary>
public sealed record HtcdsError(int? Row, string? Column, string Message)
{
    public override string ToString() => (Row, Column) switch
    {
        ({ } r, { } c) => $"row {r}, {c}: {Message}",
        ({ } r, null) => $"row {r}: {Message}",
        (null, { } c) => $"{c}: {Message}",
        _ => Message,
    };
}

/// <summary>The file as a whole cannot be read as CSV (encoding, quoting, size): reading stops at the first such problem.</summary>
public sealed class CsvFormatException : Exception
{
    public CsvFormatException(int? row, int? columnIndex, string message) : base(message)
    {
        Row = row;
        ColumnIndex = columnIndex;
    }

    public CsvFormatException() : this(null, null, "The file is not valid CSV.") { }

    public CsvFormatException(string message) : this(null, null, message) { }

    public CsvFormatException(string message, Exception inner) : base(message, inner) { }

    public int? Row { get; }

    /// <summary>0-based position of the cell in its row, when the problem is in one cell.</summary>
    public int? ColumnIndex { get; }
}
