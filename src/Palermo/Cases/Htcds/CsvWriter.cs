namespace Palermo.Cases.Htcds;

/// <summary>
/// Writes RFC 4180 CSV (comma, CRLF, quotes only where needed) and neutralises spreadsheet formulas in free-text
/// cells: a spreadsheet runs a cell starting with = + - @ (or a tab or CR that hides one), so an exported name like
/// <c>=HYPERLINK(...)</c> could leak the sheet or run a command when a colleague opens the file. Such a cell gets a
/// leading apostrophe, which spreadsheets show as text; import removes exactly that apostrophe again.
/// </summary>
public sealed class CsvWriter(TextWriter writer)
{
    public void WriteRow(IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) writer.Write(',');
            WriteCell(cells[i]);
        }

        writer.Write("\r\n");
    }

    public static bool StartsLikeFormula(string s) => s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>
    /// For export: prefixes an apostrophe to a free-text value a spreadsheet would run as a formula — and to a value
    /// that already starts with apostrophes before such a character, so that import, which removes one apostrophe,
    /// gives back exactly what was stored (a value really typed as <c>'=x</c> is written <c>''=x</c>).
    /// </summary>
    public static string Neutralise(string s) => GuardedByApostrophe(s) ? "'" + s : s;

    /// <summary>For import: removes the apostrophe <see cref="Neutralise"/> added, and only that one.</summary>
    public static string Restore(string s) => s.Length > 1 && s[0] == '\'' && GuardedByApostrophe(s[1..]) ? s[1..] : s;

    /// <summary>Whether the value, after any leading apostrophes, starts like a formula.</summary>
    private static bool GuardedByApostrophe(string s) => StartsLikeFormula(s.TrimStart('\''));

    private void WriteCell(string s)
    {
        if (s.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(s);
            return;
        }

        writer.Write('"');
        writer.Write(s.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
