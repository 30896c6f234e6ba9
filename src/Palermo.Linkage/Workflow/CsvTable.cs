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
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var records = new List<string[]>();
        var field = new StringBuilder();
        var current = new List<string>();
        bool quoted = false, any = false;
        int line = 1;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            char ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    line += ch == '\n' ? 1 : 0;
                    field.Append(ch);
                }
            }
            else if (ch == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                current.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                EndRecord(records, current, field);
                line++;
            }
            else
            {
                field.Append(ch);
            }
        }

        if (quoted)
        {
            throw new LinkageException($"{name} line {line}: a quoted field is not closed.");
        }

        EndRecord(records, current, field);
        if (!any || records.Count == 0)
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

    private static void EndRecord(List<string[]> records, List<string> current, StringBuilder field)
    {
        if (current.Count == 0 && field.Length == 0)
        {
            return; // blank line
        }

        current.Add(field.ToString());
        field.Clear();
        records.Add(current.ToArray());
        current.Clear();
    }
}
