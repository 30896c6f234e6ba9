using System.Buffers.Binary;

namespace Palermo.Cases;

/// <summary>
/// Strips metadata from a JPEG 2000 image as PDFs embed it (<c>/JPXDecode</c>): either a JP2/JPX file of boxes or a
/// bare codestream. Scanners and cameras put XMP, EXIF and GeoJP2 positions (GPS) into <c>xml </c> and <c>uuid</c>
/// boxes, vendor notes into <c>uinf</c> and intellectual-property boxes, and free text into the codestream's COM
/// segments. Kept: the signature, file type, reader requirements and the image header's boxes the picture needs
/// (size, bit depths, colour, palette, channel mapping, resolution), and every codestream with all its marker segments
/// but COM and TLM (tile-part lengths, an optional index that dropping COM from a tile-part would make wrong). Every
/// other box — including JPX's labels, associations and fragment tables, which can point at other files — is dropped.
/// Anything malformed is refused (the caller refuses the PDF), never passed through.
/// </summary>
public static class Jpeg2000Content
{
    private static ReadOnlySpan<byte> Signature => [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A];

    private static readonly HashSet<string> TopLevelKept = new(StringComparer.Ordinal) { "jP  ", "ftyp", "rreq" };

    private static readonly HashSet<string> HeaderKept = new(StringComparer.Ordinal) { "ihdr", "bpcc", "colr", "pclr", "cmap", "cdef", "res " };

    public static byte[] Strip(byte[] data)
    {
        if (data.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0x4F, 0xFF, 0x51])) return StripCodestream(data);
        if (!data.AsSpan().StartsWith(Signature)) throw Damaged();
        var output = new MemoryStream(data.Length);
        var codestreams = 0;
        foreach (var (type, content) in Boxes(data))
        {
            if (TopLevelKept.Contains(type))
            {
                WriteBox(output, type, content);
            }
            else if (type == "jp2h")
            {
                var header = new MemoryStream();
                foreach (var (inner, innerContent) in Boxes(content)) if (HeaderKept.Contains(inner)) WriteBox(header, inner, innerContent);
                WriteBox(output, type, header.ToArray());
            }
            else if (type == "jp2c")
            {
                WriteBox(output, type, StripCodestream(content));
                codestreams++;
            }
        }

        if (codestreams == 0) throw Damaged();
        return output.ToArray();
    }

    /// <summary>The boxes of a sequence, each as (type, content); a length of 0 runs to the end, 1 has a 64-bit length.</summary>
    private static List<(string Type, byte[] Content)> Boxes(ReadOnlySpan<byte> data)
    {
        var boxes = new List<(string, byte[])>();
        var pos = 0;
        while (pos < data.Length)
        {
            if (data.Length - pos < 8) throw Damaged();
            long length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            var type = System.Text.Encoding.Latin1.GetString(data.Slice(pos + 4, 4));
            var header = 8;
            if (length == 1)
            {
                if (data.Length - pos < 16) throw Damaged();
                length = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(data[(pos + 8)..]), long.MaxValue);
                header = 16;
            }
            else if (length == 0)
            {
                length = data.Length - pos;
            }

            if (length < header || length > data.Length - pos) throw Damaged();
            boxes.Add((type, data.Slice(pos + header, (int)length - header).ToArray()));
            pos += (int)length;
        }

        return boxes;
    }

    private static void WriteBox(MemoryStream output, string type, ReadOnlySpan<byte> content)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, checked((uint)(content.Length + 8)));
        System.Text.Encoding.Latin1.GetBytes(type, header[4..]);
        output.Write(header);
        output.Write(content);
    }

    private const ushort Soc = 0xFF4F;
    private const ushort Sot = 0xFF90;
    private const ushort Sod = 0xFF93;
    private const ushort Eoc = 0xFFD9;
    private const ushort Com = 0xFF64;
    private const ushort Tlm = 0xFF55;

    /// <summary>A codestream without COM and TLM segments, in the main header and in every tile-part header.</summary>
    private static byte[] StripCodestream(byte[] cs)
    {
        var span = cs.AsSpan();
        if (span.Length < 2 || Marker(span, 0) != Soc) throw Damaged();
        var output = new MemoryStream(cs.Length);
        output.Write(span[..2]);
        var pos = CopySegments(span, 2, output);
        while (pos < span.Length)
        {
            var marker = Marker(span, pos);
            if (marker == Eoc)
            {
                output.Write(span.Slice(pos, 2));
                return output.ToArray(); // anything after the end of the codestream is dropped
            }

            // SOT: Lsot (10), Isot, Psot (the tile-part's length from this marker on; 0 = up to the end of the
            // codestream), TPsot, TNsot; then the tile-part header's segments up to SOD, then the data.
            if (marker != Sot || span.Length - pos < 12 || BinaryPrimitives.ReadUInt16BigEndian(span[(pos + 2)..]) != 10) throw Damaged();
            var psot = BinaryPrimitives.ReadUInt32BigEndian(span[(pos + 6)..]);
            var end = psot == 0 ? EndOfLastTilePart(span) : pos + (long)psot;
            if (end > span.Length || end < pos + 14) throw Damaged();
            var header = new MemoryStream();
            var sod = CopySegments(span[..(int)end], pos + 12, header);
            if (sod + 2 > end || Marker(span, sod) != Sod) throw Damaged();
            var sot = span.Slice(pos, 12).ToArray();
            if (psot != 0) BinaryPrimitives.WriteUInt32BigEndian(sot.AsSpan(6), checked((uint)(12 + header.Length + (end - sod))));
            output.Write(sot);
            header.WriteTo(output);
            output.Write(span[sod..(int)end]);
            pos = (int)end;
        }

        throw Damaged(); // no EOC
    }

    // A last tile-part of unknown length runs up to the EOC that ends the codestream.
    private static long EndOfLastTilePart(ReadOnlySpan<byte> span)
    {
        var eoc = span.LastIndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]);
        return eoc < 0 ? long.MaxValue : eoc;
    }

    /// <summary>Copies marker segments from <paramref name="pos"/> up to SOT or SOD (not included), leaving out COM and TLM.</summary>
    private static int CopySegments(ReadOnlySpan<byte> span, int pos, MemoryStream output)
    {
        while (true)
        {
            var marker = Marker(span, pos);
            if (marker is Sot or Sod) return pos;
            if ((marker & 0xFF00) != 0xFF00 || span.Length - pos < 4) throw Damaged();
            var length = BinaryPrimitives.ReadUInt16BigEndian(span[(pos + 2)..]);
            if (length < 2 || length > span.Length - pos - 2) throw Damaged();
            if (marker is not (Com or Tlm)) output.Write(span.Slice(pos, 2 + length));
            pos += 2 + length;
        }
    }

    private static ushort Marker(ReadOnlySpan<byte> span, int pos) =>
        span.Length - pos >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(span[pos..]) : throw Damaged();

    private static DomainException Damaged() => new("file", "A JPEG 2000 image in this file is damaged; nothing was saved.");
}
