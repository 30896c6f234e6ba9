using System.Globalization;

namespace Palermo.Cases;

/// <summary>
/// A minimal, non-recursive tokenizer for PDF content streams (ISO 32000-1, 7.8.2): numbers, names, strings, arrays
/// one level deep (what <c>TJ</c> needs; deeper nesting is counted and skipped, never recursed into), dictionaries
/// (skipped), operators and inline images (<c>BI … ID data EI</c>, skipped). Written for <see cref="PdfCoveredText"/>:
/// the stream is the uploader's, so nothing here recurses and nothing allocates in proportion to nesting. Only the first
/// <c>length</c> bytes of <c>data</c> are read (a reused buffer).
/// </summary>
internal sealed class PdfContentStream(byte[] data, int length)
{
    private int _pos;

    /// <summary>The operands read before the current operator (numbers, names, strings; an array as one operand).</summary>
    public OperandList Operands { get; } = new();

    /// <summary>The elements of the last top-level array operand (numbers and strings only).</summary>
    public OperandList ArrayItems { get; } = new();

    /// <summary>For an inline image (<see cref="ContentOp.InlineImage"/>): whether it is a stencil mask (<c>/IM true</c>).</summary>
    public bool InlineImageIsMask { get; private set; }

    /// <summary>Reads up to the next operator; false at the end of the stream.</summary>
    public bool Next(out ContentOp op)
    {
        Operands.Clear();
        var arrayDepth = 0;
        var dictDepth = 0;
        while (true)
        {
            SkipWhiteAndComments();
            if (_pos >= length)
            {
                op = ContentOp.Other;
                return false;
            }

            var c = data[_pos];
            switch (c)
            {
                case (byte)'[':
                    _pos++;
                    if (arrayDepth++ == 0 && dictDepth == 0) ArrayItems.Clear();
                    continue;
                case (byte)']':
                    _pos++;
                    if (arrayDepth > 0 && --arrayDepth == 0 && dictDepth == 0) Operands.Add(new Operand(OperandKind.Array, 0, null, null));
                    continue;
                case (byte)'<' when At(_pos + 1) == (byte)'<':
                    _pos += 2;
                    dictDepth++;
                    continue;
                case (byte)'>' when At(_pos + 1) == (byte)'>':
                    _pos += 2;
                    if (dictDepth > 0) dictDepth--;
                    continue;
                case (byte)'(':
                    Add(new Operand(OperandKind.String, 0, null, ReadLiteralString()), arrayDepth, dictDepth);
                    continue;
                case (byte)'<':
                    Add(new Operand(OperandKind.String, 0, null, ReadHexString()), arrayDepth, dictDepth);
                    continue;
                case (byte)'/':
                    Add(new Operand(OperandKind.Name, 0, ReadName(), null), arrayDepth, dictDepth);
                    continue;
                case (byte)')' or (byte)'>' or (byte)'{' or (byte)'}':
                    _pos++; // stray delimiter: ignored, as viewers do
                    continue;
            }

            if (c is (byte)'+' or (byte)'-' or (byte)'.' || c is >= (byte)'0' and <= (byte)'9')
            {
                Add(new Operand(OperandKind.Number, ReadNumber(), null, null), arrayDepth, dictDepth);
                continue;
            }

            var start = _pos;
            while (_pos < length && !IsWhiteOrDelimiter(data[_pos])) _pos++;
            if (arrayDepth > 0 || dictDepth > 0) continue; // true, false, null inside an array or dictionary
            op = Lookup(data.AsSpan(start, _pos - start));
            if (op == ContentOp.BeginInlineImage)
            {
                SkipInlineImage();
                op = ContentOp.InlineImage;
            }

            return true;
        }
    }

    private void Add(Operand operand, int arrayDepth, int dictDepth)
    {
        if (dictDepth > 0) return;
        if (arrayDepth == 0) Operands.Add(operand);
        else if (arrayDepth == 1 && ArrayItems.Count < 1_000_000) ArrayItems.Add(operand);
    }

    private byte At(int i) => i < length ? data[i] : (byte)0;

    private void SkipWhiteAndComments()
    {
        while (_pos < length)
        {
            var c = data[_pos];
            if (c == (byte)'%')
            {
                while (_pos < length && data[_pos] is not ((byte)'\n' or (byte)'\r')) _pos++;
            }
            else if (c is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f' or 0)
            {
                _pos++;
            }
            else
            {
                return;
            }
        }
    }

    private double ReadNumber()
    {
        var start = _pos;
        _pos++;
        while (_pos < length && (data[_pos] is (byte)'.' or (byte)'-' or (byte)'+' || data[_pos] is >= (byte)'0' and <= (byte)'9')) _pos++;
        return double.TryParse(data.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : 0;
    }

    private string ReadName()
    {
        var start = ++_pos;
        while (_pos < length && !IsWhiteOrDelimiter(data[_pos])) _pos++;
        // #xx escapes are kept as written: resource names in content streams are compared with PDFsharp's keys,
        // which keep them too.
        return "/" + System.Text.Encoding.Latin1.GetString(data, start, _pos - start);
    }

    private byte[] ReadLiteralString()
    {
        // Most strings have neither escapes nor parentheses inside: copied at once.
        var end = data.AsSpan(_pos + 1, length - _pos - 1).IndexOfAny((byte)'(', (byte)')', (byte)'\\');
        if (end >= 0 && data[_pos + 1 + end] == (byte)')')
        {
            var simple = data.AsSpan(_pos + 1, end).ToArray();
            _pos += end + 2;
            return simple;
        }

        var output = new List<byte>();
        var open = 0;
        for (; _pos < length; _pos++)
        {
            var c = data[_pos];
            if (c == (byte)'(')
            {
                if (open++ > 0) output.Add(c);
            }
            else if (c == (byte)')')
            {
                if (--open == 0)
                {
                    _pos++;
                    return [.. output];
                }

                output.Add(c);
            }
            else if (c == (byte)'\\' && _pos + 1 < length)
            {
                var e = data[++_pos];
                switch (e)
                {
                    case (byte)'n': output.Add((byte)'\n'); break;
                    case (byte)'r': output.Add((byte)'\r'); break;
                    case (byte)'t': output.Add((byte)'\t'); break;
                    case (byte)'b': output.Add((byte)'\b'); break;
                    case (byte)'f': output.Add((byte)'\f'); break;
                    case (byte)'\r':
                        if (At(_pos + 1) == (byte)'\n') _pos++;
                        break;
                    case (byte)'\n': break;
                    case >= (byte)'0' and <= (byte)'7':
                        var v = e - '0';
                        for (var k = 0; k < 2 && At(_pos + 1) is >= (byte)'0' and <= (byte)'7'; k++) v = v * 8 + (data[++_pos] - '0');
                        output.Add((byte)v);
                        break;
                    default: output.Add(e); break;
                }
            }
            else
            {
                output.Add(c);
            }
        }

        return [.. output];
    }

    private byte[] ReadHexString()
    {
        _pos++;
        var output = new List<byte>();
        var high = -1;
        for (; _pos < length && data[_pos] != (byte)'>'; _pos++)
        {
            var v = HexValue(data[_pos]);
            if (v < 0) continue;
            if (high < 0) high = v;
            else
            {
                output.Add((byte)(high * 16 + v));
                high = -1;
            }
        }

        if (high >= 0) output.Add((byte)(high * 16));
        _pos++;
        return [.. output];
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    // BI has been read: the image's dictionary (key-value pairs) up to ID, one white-space byte, then the data up to
    // an EI between white space (the usual reading; the data has no length of its own before PDF 2.0).
    private void SkipInlineImage()
    {
        InlineImageIsMask = false;
        string? lastName = null;
        while (true)
        {
            SkipWhiteAndComments();
            if (_pos >= length) return;
            if (data[_pos] == (byte)'/')
            {
                var name = ReadName();
                lastName = name;
                continue;
            }

            var start = _pos;
            if (data[_pos] is (byte)'(' or (byte)'<' or (byte)'[' or (byte)']' or (byte)'>')
            {
                if (data[_pos] == (byte)'(') ReadLiteralString();
                else _pos++;
                continue;
            }

            while (_pos < length && !IsWhiteOrDelimiter(data[_pos])) _pos++;
            if (_pos == start) _pos++;
            var word = data.AsSpan(start, _pos - start);
            if (word.SequenceEqual("ID"u8)) break;
            if (word.SequenceEqual("true"u8) && lastName is "/IM" or "/ImageMask") InlineImageIsMask = true;
        }

        _pos++;
        for (; _pos + 1 < length; _pos++)
        {
            if (data[_pos] == (byte)'E' && data[_pos + 1] == (byte)'I' && IsWhite(data[_pos - 1]) && (_pos + 2 >= length || IsWhiteOrDelimiter(data[_pos + 2])))
            {
                _pos += 2;
                return;
            }
        }

        _pos = length;
    }

    private static bool IsWhite(byte x) => x is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or (byte)'\f' or 0;

    private static bool IsWhiteOrDelimiter(byte x) => IsWhite(x)
        || x is (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'(' or (byte)')' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    private static readonly Dictionary<int, ContentOp> Operators = new()
    {
        [Key("q"u8)] = ContentOp.Save, [Key("Q"u8)] = ContentOp.Restore, [Key("cm"u8)] = ContentOp.Transform,
        [Key("w"u8)] = ContentOp.LineWidth, [Key("gs"u8)] = ContentOp.ExtGState,
        [Key("m"u8)] = ContentOp.MoveTo, [Key("l"u8)] = ContentOp.LineTo, [Key("c"u8)] = ContentOp.CurveTo,
        [Key("v"u8)] = ContentOp.CurveToV, [Key("y"u8)] = ContentOp.CurveToY, [Key("h"u8)] = ContentOp.ClosePath,
        [Key("re"u8)] = ContentOp.Rectangle,
        [Key("f"u8)] = ContentOp.Fill, [Key("F"u8)] = ContentOp.Fill, [Key("f*"u8)] = ContentOp.FillEvenOdd,
        [Key("S"u8)] = ContentOp.Stroke, [Key("s"u8)] = ContentOp.CloseStroke,
        [Key("B"u8)] = ContentOp.FillStroke, [Key("B*"u8)] = ContentOp.FillStrokeEvenOdd,
        [Key("b"u8)] = ContentOp.CloseFillStroke, [Key("b*"u8)] = ContentOp.CloseFillStrokeEvenOdd,
        [Key("n"u8)] = ContentOp.EndPath, [Key("W"u8)] = ContentOp.Clip, [Key("W*"u8)] = ContentOp.Clip,
        [Key("BT"u8)] = ContentOp.BeginText, [Key("ET"u8)] = ContentOp.EndText,
        [Key("Tc"u8)] = ContentOp.CharSpacing, [Key("Tw"u8)] = ContentOp.WordSpacing, [Key("Tz"u8)] = ContentOp.HorizontalScale,
        [Key("TL"u8)] = ContentOp.Leading, [Key("Tf"u8)] = ContentOp.Font, [Key("Tr"u8)] = ContentOp.RenderMode,
        [Key("Ts"u8)] = ContentOp.Rise, [Key("Td"u8)] = ContentOp.MoveText, [Key("TD"u8)] = ContentOp.MoveTextLeading,
        [Key("Tm"u8)] = ContentOp.TextMatrix, [Key("T*"u8)] = ContentOp.NextLine,
        [Key("Tj"u8)] = ContentOp.ShowText, [Key("TJ"u8)] = ContentOp.ShowTextArray,
        [Key("'"u8)] = ContentOp.NextLineShowText, [Key("\""u8)] = ContentOp.NextLineShowTextSpacing,
        [Key("g"u8)] = ContentOp.FillGray, [Key("G"u8)] = ContentOp.StrokeGray,
        [Key("rg"u8)] = ContentOp.FillRgb, [Key("RG"u8)] = ContentOp.StrokeRgb,
        [Key("k"u8)] = ContentOp.FillCmyk, [Key("K"u8)] = ContentOp.StrokeCmyk,
        [Key("cs"u8)] = ContentOp.FillColorSpace, [Key("CS"u8)] = ContentOp.StrokeColorSpace,
        [Key("sc"u8)] = ContentOp.FillColor, [Key("scn"u8)] = ContentOp.FillColor,
        [Key("SC"u8)] = ContentOp.StrokeColor, [Key("SCN"u8)] = ContentOp.StrokeColor,
        [Key("Do"u8)] = ContentOp.Draw, [Key("sh"u8)] = ContentOp.Shade, [Key("BI"u8)] = ContentOp.BeginInlineImage,
    };

    private static int Key(ReadOnlySpan<byte> op)
    {
        var k = 0;
        for (var i = 0; i < op.Length; i++) k |= op[i] << (8 * i);
        return k;
    }

    private static ContentOp Lookup(ReadOnlySpan<byte> op) =>
        op.Length is > 0 and <= 3 && Operators.TryGetValue(Key(op), out var known) ? known : ContentOp.Other;
}

internal enum OperandKind { Number, Name, String, Array }

/// <summary>A growable list of operands (a plain array: the child runs ahead-of-time compiled code, and a generic list
/// of this struct would be compiled at run time in every child).</summary>
internal sealed class OperandList
{
    private Operand[] _items = new Operand[8];

    public int Count { get; private set; }

    public Operand this[int i] => i < Count ? _items[i] : throw new ArgumentOutOfRangeException(nameof(i));

    public void Add(Operand operand)
    {
        if (Count == _items.Length) Array.Resize(ref _items, Count * 2);
        _items[Count++] = operand;
    }

    public void Clear() => Count = 0;
}

internal readonly record struct Operand(OperandKind Kind, double Number, string? Name, byte[]? Bytes);

internal enum ContentOp
{
    Other, Save, Restore, Transform, LineWidth, ExtGState,
    MoveTo, LineTo, CurveTo, CurveToV, CurveToY, ClosePath, Rectangle,
    Fill, FillEvenOdd, Stroke, CloseStroke, FillStroke, FillStrokeEvenOdd, CloseFillStroke, CloseFillStrokeEvenOdd, EndPath, Clip,
    BeginText, EndText, CharSpacing, WordSpacing, HorizontalScale, Leading, Font, RenderMode, Rise,
    MoveText, MoveTextLeading, TextMatrix, NextLine, ShowText, ShowTextArray, NextLineShowText, NextLineShowTextSpacing,
    FillGray, StrokeGray, FillRgb, StrokeRgb, FillCmyk, StrokeCmyk, FillColorSpace, StrokeColorSpace, FillColor, StrokeColor,
    Draw, Shade, BeginInlineImage, InlineImage,
}
