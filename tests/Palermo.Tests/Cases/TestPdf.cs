using System.Text;

namespace Palermo.Tests.Cases;

/// <summary>
/// Small but well-formed PDFs written byte by byte (cross-reference table and all), carrying the metadata a real
/// office or scanner PDF has: an information dictionary with the author, an XMP packet on the catalogue and on the
/// page, application private data, and optionally an embedded image (by default a JPEG photo with EXIF GPS; any
/// stream bytes under <c>imageFilter</c>).
/// </summary>
public static class TestPdf
{
    public const string PageText = "Statement page one";

    public static byte[] WithMetadata(byte[]? jpeg = null, bool encryptMarker = false, string imageFilter = "/DCTDecode")
    {
        var xmp = "<?xpacket begin=''?><x:xmpmeta xmlns:x='adobe:ns:meta/'><dc:creator>Olena Kovalenko</dc:creator><xmp:CreatorTool>ScanSnap Home</xmp:CreatorTool></x:xmpmeta><?xpacket end='w'?>";
        var content = $"BT /F1 24 Tf 72 720 Td ({PageText}) Tj ET" + (jpeg is null ? "" : " q 100 0 0 100 72 500 cm /Im1 Do Q");
        var imageRef = jpeg is null ? "" : " /XObject << /Im1 8 0 R >>";
        var objects = new List<byte[]>
        {
            L("<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R /PieceInfo << /Illustrator << /Private (Olena's folder) >> >> >>"),
            L("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            L($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >>{imageRef} >> /Metadata 6 0 R >>"),
            L($"<< /Length {content.Length} >>\nstream\n{content}\nendstream"),
            L("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            L($"<< /Type /Metadata /Subtype /XML /Length {xmp.Length} >>\nstream\n{xmp}\nendstream"),
            L("<< /Author (Olena Kovalenko) /Creator (ScanSnap Home) /Producer (Acme PDF Library 9) /Title (Passport of Olena) /Subject (Identity) /Keywords (victim statement) /CreationDate (D:20250101120000Z) /ModDate (D:20250102120000Z) >>"),
        };
        if (jpeg is not null)
        {
            objects.Add([.. L($"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter {imageFilter} /Length {jpeg.Length} >>\nstream\n"),
                .. jpeg, .. L("\nendstream")]);
        }

        return File(objects, $" /Info 7 0 R{(encryptMarker ? " /Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>" : "")}");
    }

    /// <summary>The numbered objects (the first one the catalogue), a cross-reference table and a trailer.</summary>
    private static byte[] File(List<byte[]> objects, string trailerEntries = "")
    {
        var pdf = new List<byte>(L("%PDF-1.4\n"));
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Count);
            pdf.AddRange(L($"{i + 1} 0 obj\n"));
            pdf.AddRange(objects[i]);
            pdf.AddRange(L("\nendobj\n"));
        }

        var xref = pdf.Count;
        var sb = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) sb.Append($"{o:D10} 00000 n \n");
        sb.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R{trailerEntries} >>\nstartxref\n{xref}\n%%EOF\n");
        pdf.AddRange(L(sb.ToString()));
        return [.. pdf];
    }

    private static byte[] L(string s) => Encoding.Latin1.GetBytes(s);

    /// <summary>
    /// <see cref="WithMetadata"/> opened with PDFsharp, changed by <paramref name="edit"/> through PDFsharp's object
    /// model (dictionaries, arrays, streams, indirect objects) and saved again: how the annotations, forms, embedded
    /// files and scripts an office suite or a PDF editor writes are put into a test file.
    /// </summary>
    public static byte[] Edited(Action<PdfSharp.Pdf.PdfDocument> edit)
    {
        using var doc = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(WithMetadata()), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Modify);
        edit(doc);
        var output = new MemoryStream();
        doc.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>
    /// A PDF with one page per content stream in <paramref name="pages"/>, as a PDF editor writes them. Every page's
    /// resources hold: <c>/F1</c> Helvetica (no widths, as standard fonts are often written); <c>/Fm1</c>, a form
    /// XObject (the whole page as its box) whose content is <paramref name="form"/>, with the same resources; <c>/Im1</c>, an opaque 2×2 grey image, and <c>/Im2</c>, the same with a soft mask; ExtGStates
    /// <c>/Half</c> (fill opacity 0.4) and <c>/Multiply</c> (blend mode Multiply). <paramref name="annotations"/>
    /// is written as the first page's <c>/Annots</c> array (objects may refer to <c>9 0 R</c>, an appearance stream
    /// whose content is <paramref name="appearance"/> and box [0 0 100 20]).
    /// </summary>
    public static byte[] Drawn(string[] pages, string form = "", string annotations = "", string appearance = "")
    {
        var objects = new List<byte[]>
        {
            L("<< /Type /Catalog /Pages 2 0 R >>"),
            L($"<< /Type /Pages /Kids [{string.Join(" ", pages.Select((_, i) => $"{10 + 2 * i} 0 R"))}] /Count {pages.Length} >>"),
            L("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            L($"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources 8 0 R /Length {form.Length} >>\nstream\n{form}\nendstream"),
            L("<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x10\x80\x80\x10\nendstream"),
            L("<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /SMask 5 0 R /Length 4 >>\nstream\n\x10\x80\x80\x10\nendstream"),
            L("<< /Half << /ca 0.4 /CA 0.4 >> /Multiply << /BM /Multiply >> >>"),
            L("<< /Font << /F1 3 0 R >> /XObject << /Fm1 4 0 R /Im1 5 0 R /Im2 6 0 R >> /ExtGState 7 0 R >>"),
            L($"<< /Type /XObject /Subtype /Form /BBox [0 0 100 20] /Resources 8 0 R /Length {appearance.Length} >>\nstream\n{appearance}\nendstream"),
        };
        for (var i = 0; i < pages.Length; i++)
        {
            var annots = i == 0 && annotations.Length > 0 ? $" /Annots [{annotations}]" : "";
            objects.Add(L($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {11 + 2 * i} 0 R /Resources 8 0 R{annots} >>"));
            objects.Add(L($"<< /Length {pages[i].Length} >>\nstream\n{pages[i]}\nendstream"));
        }

        return File(objects);
    }

    /// <summary>One page under a chain of page-tree nodes <paramref name="depth"/> deep (each node the only kid of the one above).</summary>
    public static byte[] DeepPageTree(int depth)
    {
        var sb = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        void Obj(string body)
        {
            offsets.Add(sb.Length);
            sb.Append($"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }

        Obj("<< /Type /Catalog /Pages 2 0 R >>");
        for (var i = 0; i < depth; i++) Obj($"<< /Type /Pages /Kids [{i + 3} 0 R] /Count 1{(i > 0 ? $" /Parent {i + 1} 0 R" : "")} >>");
        Obj($"<< /Type /Page /Parent {depth + 1} 0 R /MediaBox [0 0 10 10] >>");
        var xref = sb.Length;
        sb.Append($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) sb.Append($"{o:D10} 00000 n \n");
        sb.Append($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(sb.ToString());
    }
}
