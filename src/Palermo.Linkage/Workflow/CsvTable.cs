using System.Text;

namespace Palermo.Linkage.Workflow;

/// <summary>
/// A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF). Errors name the line, never a value,
/// because values are personal data.
/// </summary>
public sealed class CsvTable
{
    private CsvTable(string[] header, List<string[]> rows)
    {
        Header = header;
        Rows = rows;
    }

    public string[] Header { get; }

    public List<string[]> Rows { get; }

    public static CsvTable Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new LinkageException($"File not found: {path}");
        }

        string name = Path.GetFileName(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var records = new List<string[]>();
        int lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            // Most lines have no quotes: a plain split is several times faster than the quoted-field parser.
            if (!line.Contains('"', StringComparison.Ordinal))
            {
                records.Add(line.Split(','));
                continue;
            }

            // A quoted field may span lines: keep appending until the quotes balance.
            while (line.Count(c => c == '"') % 2 != 0)
            {
                string? next = reader.ReadLine() ?? throw new LinkageException($"{name} line {lineNumber}: a quoted field is not closed.");
                line += "\n" + next;
                lineNumber++;
            }

            records.Add(ParseQuoted(line));
        }

        if (records.Count == 0)
        {
            throw new LinkageException($"{name} is empty.");
        }

        string[] header = records[0].Select(h => h.Trim()).ToArray();
        records.RemoveAt(0);
        for (int i = 0; i < records.Count; i++)
        {
            if (records[i].Length != header.Length)
            {
                throw new LinkageException($"{name} row {i + 1}: {records[i].Length} fields, but the header has {header.Length}.");
            }
        }

        return new CsvTable(header, records);
    }

    /// <summary>The index of every required column, or one clear error naming the first missing one.</summary>
    public int[] Columns(IEnumerable<string> required, string name)
    {
        return required.Select(r =>
        {
            int i = Array.FindIndex(Header, h => string.Equals(h, r, StringComparison.OrdinalIgnoreCase));
            return i >= 0 ? i : throw new LinkageException($"{name} lacks the required column '{r}'.");
        }).ToArray();
    }

    private static string[] ParseQuoted(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch != '"')
                {
                    field.Append(ch);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
