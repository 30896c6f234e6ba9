namespace Palermo.Cases.Htcds;

/// <summary>
/// Reads a whole HTCDS CSV file and validates every row, collecting every problem before anything is stored. The
/// header must name only known columns (an unknown one is refused, never silently dropped: it would lose data the
/// sender meant to transfer) and every required column.
/// </summary>
public static class HtcdsFile
{
    /// <summary>The largest file the web page accepts (its request body limit too); about 30,000 typical rows.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>
    /// The largest file <c>palermo cases import</c> accepts: about 800,000 typical rows, enough to move a national
    /// register in one all-or-nothing transaction. The import streams, so memory does not grow with the file beyond
    /// about 100 bytes per row (the external ids seen, to refuse a repeat); what grows is the transaction: on SQLite
    /// the write-ahead log holds the whole load, about 2.6 KB per case, until the commit.
    /// </summary>
    public const long MaxCommandBytes = 256 * 1024 * 1024;

    /// <summary>
    /// Checking stops after this many problems, with a last line saying so: the first ones show what to fix, and a
    /// file this broken (the wrong file, a shifted column) would otherwise list a problem for every row.
    /// </summary>
    public const int MaxErrors = 1000;

    public const string StoppedChecking = "Checking stopped after the first 1000 problems; the rest of the file was not checked.";

    /// <summary>The summary line for a refused file: the number of problems, or that there were more than were checked.</summary>
    public static string Summary(IReadOnlyList<HtcdsError> errors) =>
        errors.Count > MaxErrors ? $"more than {MaxErrors} problems in the file (the first {MaxErrors} are listed)" : $"{errors.Count} problem(s) in the file";

    public static IReadOnlyList<HtcdsImportRow> Read(Stream stream, DateTime now, List<HtcdsError> errors)
    {
        var rows = new List<HtcdsImportRow>();
        Read(stream, now, errors, rows.Add, null);
        return rows;
    }

    /// <summary>
    /// As <see cref="Read(Stream, DateTime, List{HtcdsError})"/>, streaming: <paramref name="accepted"/> sees each row as
    /// soon as it has passed validation (in file order), so the caller can start work on it while later rows are still
    /// being read, and nothing here keeps the rows (a large file's plaintext rows would otherwise stay in memory, and in
    /// every garbage collection, until the end). Returns the number of rows accepted.
    /// Given a <paramref name="skipped"/> list, HTCDS columns Palermo does not read (<see cref="HtcdsColumns.Unsupported"/>)
    /// are left out instead of refusing the file, and each one left out is added to it.
    /// </summary>
    public static int Read(Stream stream, DateTime now, List<HtcdsError> errors, Action<HtcdsImportRow> accepted, List<string>? skipped)
    {
        var count = 0;
        var reader = CsvReader.Over(stream);
        string[]? columns = null;
        try
        {
            columns = Header(reader.Read(), errors, skipped);
            if (columns is null) return 0;
            var position = new Dictionary<string, int>(columns.Length, StringComparer.Ordinal);
            for (var i = 0; i < columns.Length; i++) position.TryAdd(columns[i], i);
            var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
            while (reader.Read() is { } cells)
            {
                if (errors.Count >= MaxErrors)
                {
                    errors.Add(new HtcdsError(null, null, StoppedChecking));
                    break;
                }

                // A row of nothing but separators (spreadsheets leave ",,,," rows below the data) is a blank line.
                if (Array.TrueForAll(cells, string.IsNullOrWhiteSpace)) continue;
                var rowNumber = reader.Row;
                if (cells.Length != columns.Length)
                {
                    errors.Add(new HtcdsError(rowNumber, null, $"Expected {columns.Length} cells, found {cells.Length}."));
                    continue;
                }

                var row = new HtcdsRowParser(Accessor(position, cells), rowNumber, errors).Parse(now);
                if (row is null) continue;
                if (firstRowOf.TryGetValue(row.ExternalId, out var first))
                {
                    errors.Add(new HtcdsError(rowNumber, HtcdsColumns.ExternalId, $"The same external id is already on row {first}."));
                    continue;
                }

                firstRowOf[row.ExternalId] = rowNumber;
                count++;
                accepted(row);
            }

        }
        catch (CsvFormatException ex)
        {
            var column = ex.ColumnIndex is { } i ? columns is not null && i < columns.Length ? columns[i] : $"column {i + 1}" : null;
            errors.Add(new HtcdsError(ex.Row, column, ex.Message));
        }

        return count;
    }

    /// <summary>The header's canonical column names; a skipped column gets an empty name, which no cell lookup asks for.</summary>
    private static string[]? Header(string[]? header, List<HtcdsError> errors, List<string>? skipped)
    {
        if (header is null)
        {
            errors.Add(new HtcdsError(null, null, "The file is empty: expected a header row with HTCDS column names."));
            return null;
        }

        if (header.Length == 1 && header[0].AsSpan().IndexOfAny(";\t|") >= 0)
        {
            errors.Add(new HtcdsError(1, null, "Expected comma-separated columns; the header looks separated by ';', tab or '|'. Save the file as CSV with commas."));
            return null;
        }

        var columns = new string[header.Length];
        var unknown = new List<string>();
        var unsupported = new List<string>();
        for (var i = 0; i < header.Length; i++)
        {
            var name = HtcdsColumns.Canonical(header[i]);
            if (name is null && HtcdsColumns.Unsupported(header[i]) is { } u) unsupported.Add(Shorten(u));
            else if (name is null) unknown.Add(Shorten(header[i]));
            else if (columns.Contains(name)) errors.Add(new HtcdsError(1, name, "The column appears twice."));
            columns[i] = name ?? "";
        }

        // A first row without a single HTCDS name is not a header at all but, most often, a data row (a file saved
        // without its header): its cells are a person's names and dates, which a message must not repeat (it is shown
        // on the page, returned by the API and printed by the command, whose output may end up in a log).
        if (unknown.Count > 0 && unsupported.Count == 0 && columns.All(c => c.Length == 0))
        {
            errors.Add(new HtcdsError(1, null, "Row 1 holds no HTCDS column name: the file needs a header row of HTCDS column names (nothing was imported; the row is not repeated here, as it may hold personal data)."));
            return null;
        }

        if (unknown.Count > 0) errors.Add(new HtcdsError(1, null, $"Unknown columns (nothing was imported; remove them or rename them to HTCDS names): {string.Join(", ", unknown)}."));
        // Refused by default: leaving them out loses what the sender meant to transfer, so the importer must ask for it.
        if (unsupported.Count > 0 && skipped is null)
            errors.Add(new HtcdsError(1, null, $"HTCDS columns Palermo does not read (nothing was imported; remove them, or import with --skip-unsupported — on the web page \"Leave out the HTCDS columns Palermo does not read\" — to leave them out and see them listed): {string.Join(", ", unsupported)}."));
        else skipped?.AddRange(unsupported);
        var missing = HtcdsColumns.Required.Where(r => !columns.Contains(r)).ToList();
        if (missing.Count > 0) errors.Add(new HtcdsError(1, null, $"Missing required columns: {string.Join(", ", missing)}."));
        return errors.Count > 0 ? null : columns;
    }

    /// <summary>Cell by column name: trimmed, null when empty or absent; free text loses the apostrophe export added.</summary>
    private static Func<string, string?> Accessor(Dictionary<string, int> position, string[] cells) => name =>
    {
        if (!position.TryGetValue(name, out var i)) return null;
        var v = cells[i].Trim();
        if (v.Length == 0) return null;
        return HtcdsColumns.FreeText.Contains(name) ? CsvWriter.Restore(v) : v;
    };

    /// <summary>A header cell is not personal data, but a malformed file may put anything there: keep it short and printable.</summary>
    private static string Shorten(string s)
    {
        var clean = new string(s.Trim().Where(c => !char.IsControl(c)).Take(40).ToArray());
        return clean.Length == 0 ? "(blank)" : clean;
    }
}
