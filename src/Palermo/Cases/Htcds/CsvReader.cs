using System.Text;

namespace Palermo.Cases.Htcds;

/// <summary>
/// A strict RFC 4180 reader: comma-separated, double-quoted cells may hold commas, quotes ("") and line breaks; CRLF,
/// LF or CR end a record. Strict because a lenient reader guesses, and a wrong guess here files one person's
/// details under another's name. Input must be UTF-8 (a byte-order mark is skipped); a NUL character or an invalid
/// byte means the file is not text. Cells longer than <see cref="MaxCellLength"/> are refused before they are
/// buffered, so a huge cell cannot exhaust memory.
/// </summary>
public sealed class CsvReader
{
    public const int MaxCellLength = 10_000;

    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _cell = new();
    private readonly List<string> _cells = [];
    private int _pos;
    private int _len;

    public CsvReader(TextReader reader) => _reader = reader;

    /// <summary>A strict UTF-8 reader over the stream (BOM skipped; invalid bytes raise instead of becoming U+FFFD).</summary>
    public static CsvReader Over(Stream stream) =>
        new(new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false));

    /// <summary>The row number of the record last returned (blank lines count, as in a spreadsheet).</summary>
    public int Row { get; private set; }

    /// <summary>The next record, or null at the end of the file. Blank lines are skipped.</summary>
    public string[]? Read()
    {
        while (true)
        {
            var c = Peek();
            if (c < 0) return null;
            Row++;
            if (Row == 1 && c == '\uFEFF')
            {
                _pos++;
                c = Peek();
                if (c < 0) return null;
            }

            if (c is '\r' or '\n')
            {
                EndOfLine();
                continue;
            }

            return ReadRecord();
        }
    }

    private string[] ReadRecord()
    {
        var startRow = Row;
        _cells.Clear();
        while (true)
        {
            _cell.Clear();
            var c = Peek();
            if (c == '"')
            {
                _pos++;
                ReadQuoted(startRow);
                c = Peek();
                if (c >= 0 && c is not (',' or '\r' or '\n'))
                {
                    throw new CsvFormatException(startRow, _cells.Count, "Unexpected text after a closing quote; a quote inside a quoted cell is written twice (\"\").");
                }
            }
            else
            {
                c = ReadUnquoted(startRow);
            }

            _cells.Add(_cell.ToString());
            if (c == ',')
            {
                _pos++;
                continue;
            }

            if (c >= 0) EndOfLine();
            return [.. _cells];
        }
    }

    /// <summary>Reads up to the delimiter or line end and returns that character (or -1 at the end) without consuming it.</summary>
    private int ReadUnquoted(int row)
    {
        while (true)
        {
            var c = Peek();
            if (c < 0 || c is ',' or '\r' or '\n') return c;
            if (c == '"') throw new CsvFormatException(row, _cells.Count, "A quote inside an unquoted cell; quote the whole cell and write the quote twice (\"\").");
            Append((char)c, row);
            _pos++;
        }
    }

    private void ReadQuoted(int row)
    {
        while (true)
        {
            var c = Peek();
            if (c < 0) throw new CsvFormatException(row, _cells.Count, "A quoted cell is not closed before the end of the file.");
            _pos++;
            if (c == '"')
            {
                if (Peek() != '"') return;
                _pos++;
            }

            Append((char)c, row);
        }
    }

    private void Append(char c, int row)
    {
        if (c == '\0') throw new CsvFormatException(row, null, "The file is not text (it contains NUL characters).");
        if (_cell.Length >= MaxCellLength) throw new CsvFormatException(row, _cells.Count, $"The cell is longer than {MaxCellLength} characters.");
        _cell.Append(c);
    }

    private void EndOfLine()
    {
        if (Peek() == '\r')
        {
            _pos++;
            if (Peek() == '\n') _pos++;
        }
        else
        {
            _pos++;
        }
    }

    private int Peek()
    {
        if (_pos < _len) return _buffer[_pos];
        try
        {
            _len = _reader.Read(_buffer, 0, _buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new CsvFormatException(Row == 0 ? 1 : Row, null, "The file is not UTF-8 text.");
        }

        _pos = 0;
        return _len > 0 ? _buffer[0] : -1;
    }
}
