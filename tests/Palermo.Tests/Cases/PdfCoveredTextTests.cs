using System.Text;
using Palermo.Cases;

namespace Palermo.Tests.Cases;

/// <summary>
/// "Redaction" by drawing a box over a name leaves the name in the file: such PDFs are refused on the file field
/// (PdfContent.Strip, in this process), while the boxes ordinary documents draw — table shading and backgrounds
/// under text, highlights, underlines, form fields, scanned pages with their OCR text — are accepted, their text kept.
/// </summary>
public sealed class PdfCoveredTextTests
{
    // A line of text at (72, 700) in 12-point Helvetica: the name a case worker meant to hide.
    private const string Name = "BT /F1 12 Tf 72 700 Td (Olena Kovalenko) Tj ET";
    private const string Box = "70 695 100 16 re f";
    private const string Visible = "BT /F1 12 Tf 72 600 Td (Statement of the witness) Tj ET";

    public static TheoryData<string, byte[]> Refused => new()
    {
        { "black box drawn over the text", TestPdf.Drawn([$"{Visible} {Name} 0 g {Box}"]) },
        { "white box drawn over the text", TestPdf.Drawn([$"{Visible} {Name} 1 g {Box}"]) },
        { "box in CMYK black, as a rectangle path with lines", TestPdf.Drawn([$"{Name} 0 0 0 1 k 70 695 m 170 695 l 170 711 l 70 711 l h f"]) },
        { "box under a transformation (q/Q, cm)", TestPdf.Drawn([$"q 2 0 0 2 0 0 cm BT /F1 6 Tf 36 350 Td (Olena Kovalenko) Tj ET Q q 0.5 0 0 0.5 0 0 cm 0 g 140 1390 200 32 re f Q"]) },
        { "thick pen stroke over the text", TestPdf.Drawn([$"{Name} 0 G 14 w 70 703 m 170 703 l S"]) },
        { "opaque picture pasted over the text", TestPdf.Drawn([$"{Name} q 100 0 0 16 70 695 cm /Im1 Do Q"]) },
        { "black text on a black box drawn first", TestPdf.Drawn([$"{Visible} 0 g {Box} {Name}"]) },
        { "white text on the white page", TestPdf.Drawn([$"{Visible} 1 g {Name}"]) },
        { "text in a form XObject, box on the page", TestPdf.Drawn([$"{Visible} q /Fm1 Do Q 0 g {Box}"], form: Name) },
        { "text in a moved form XObject, box moved with it", TestPdf.Drawn([$"q 1 0 0 1 100 -100 cm /Fm1 Do Q 0 g 170 595 100 16 re f"], form: Name) },
        { "text after a form XObject whose stray Q and clip stay inside it", TestPdf.Drawn([$"/Fm1 Do {Name} 0 g {Box}"], form: "Q 0 0 10 10 re W n") },
        { "box in a form XObject drawn after the text", TestPdf.Drawn([$"{Name} /Fm1 Do"], form: $"0 g {Box}") },
        { "box on the second page of two", TestPdf.Drawn([Visible, $"{Name} 0 g {Box}"]) },
        { "rectangle comment with a black interior over the text", TestPdf.Drawn([Name], annotations: "<< /Type /Annot /Subtype /Square /Rect [70 695 170 711] /IC [0 0 0] /AP << /N 9 0 R >> >>", appearance: "0 g 0 0 100 20 re f") },
        { "area marked for redaction, never applied", TestPdf.Drawn([Name], annotations: "<< /Type /Annot /Subtype /Redact /Rect [70 695 170 711] /OverlayText (REDACTED) >>") },
    };

    public static TheoryData<string, byte[]> Accepted => new()
    {
        { "plain text on three pages", TestPdf.Drawn([Name, Visible, $"{Visible} {Name}"]) },
        { "table cell shaded before its text", TestPdf.Drawn([$"0.85 g {Box} 0 g {Name}"]) },
        { "white page background drawn first", TestPdf.Drawn([$"1 g 0 0 612 792 re f 0 g {Name}"]) },
        { "white text on a dark box drawn first", TestPdf.Drawn([$"0.1 0.2 0.5 rg {Box} 1 g {Name}"]) },
        { "translucent highlight drawn over the text", TestPdf.Drawn([$"{Name} q /Half gs 1 1 0 rg {Box} Q"]) },
        { "highlight drawn over the text in Multiply mode", TestPdf.Drawn([$"{Name} q /Multiply gs 1 1 0 rg {Box} Q"]) },
        { "underline and strike-through drawn over the text", TestPdf.Drawn([$"{Name} 0 g 72 697.5 90 0.8 re f 0 G 0.6 w 72 703 m 162 703 l S"]) },
        { "picture drawn first, text over it", TestPdf.Drawn([$"q 100 0 0 16 70 695 cm /Im1 Do Q 0 g {Name}"]) },
        { "picture with a soft mask drawn over the text", TestPdf.Drawn([$"{Name} q 100 0 0 16 70 695 cm /Im2 Do Q"]) },
        { "scanned page with its OCR text invisible on top", TestPdf.Drawn(["q 612 0 0 792 0 0 cm /Im1 Do Q BT 3 Tr /F1 12 Tf 72 700 Td (Olena Kovalenko) Tj ET"]) },
        { "scanned page drawn over its OCR text", TestPdf.Drawn([$"{Name} q 612 0 0 792 0 0 cm /Im1 Do Q"]) },
        { "box drawn beside the text, not over it", TestPdf.Drawn([$"{Name} 0 g 70 650 100 16 re f"]) },
        { "text in a form XObject moved away from the box", TestPdf.Drawn([$"q 1 0 0 1 0 -300 cm /Fm1 Do Q 0 g {Box}"], form: Name) },
        { "highlight comment with an opaque appearance", TestPdf.Drawn([Name], annotations: "<< /Type /Annot /Subtype /Highlight /Rect [70 695 170 711] /AP << /N 9 0 R >> >>", appearance: "1 1 0 rg 0 0 100 20 re f") },
        { "form field with its value over a white background", TestPdf.Drawn([Visible], annotations: "<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /V (Olena Kovalenko) /Rect [70 695 170 715] /AP << /N 9 0 R >> >>", appearance: "1 g 0 0 100 20 re f 0 g BT /F1 12 Tf 2 5 Td (Olena Kovalenko) Tj ET") },
        { "text box comment with its text over its own fill", TestPdf.Drawn([Visible], annotations: "<< /Type /Annot /Subtype /FreeText /Rect [70 695 170 715] /AP << /N 9 0 R >> >>", appearance: "1 1 0.8 rg 0 0 100 20 re f 0 g BT /F1 12 Tf 2 5 Td (Olena Kovalenko) Tj ET") },
        { "only the spaces of a line under a box", TestPdf.Drawn([$"BT /F1 12 Tf 72 700 Td (Name:          Olena) Tj ET 0 g 110 695 50 16 re f"]) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void TextHiddenUnderABox_IsRefusedOnTheFileField(string kind, byte[] pdf)
    {
        var ex = Assert.Throws<DomainException>(() => PdfContent.Strip(pdf));
        Assert.True(ex.Field == "file", kind);
        Assert.True(ex.Message.Contains("text hidden under drawn boxes", StringComparison.Ordinal), $"{kind}: {ex.Message}");
        Assert.Contains("a box drawn over text does not remove it", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Olena", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void OrdinaryBoxesAndHighlights_AreAccepted_TheirTextKept(string kind, byte[] pdf)
    {
        var cleaned = PdfContent.Strip(pdf);
        using var doc = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(cleaned), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        Assert.Equal(System.Text.RegularExpressions.Regex.Count(Encoding.Latin1.GetString(pdf), "/Type /Page "), doc.PageCount);
        // The text is still there, in the page, the form XObject or the field's appearance (streams are not compressed).
        var text = Encoding.Latin1.GetString(cleaned);
        Assert.True(text.Contains("Olena", StringComparison.Ordinal) || text.Contains("Statement", StringComparison.Ordinal), kind);
    }

    /// <summary>Each refusal comes from the box, not from the text or the file's shape: without the box (or the
    /// mark) the same file is accepted.</summary>
    [Fact]
    public void WithoutTheBox_TheSameFilesAreAccepted()
    {
        PdfContent.Strip(TestPdf.Drawn([$"{Visible} {Name}"]));
        PdfContent.Strip(TestPdf.Drawn([$"{Visible} q /Fm1 Do Q"], form: Name));
        PdfContent.Strip(TestPdf.Drawn([Name], annotations: "<< /Type /Annot /Subtype /Square /Rect [70 695 170 711] /AP << /N 9 0 R >> >>", appearance: "0 G 1 w 0.5 0.5 99 19 re S"));
        PdfContent.Strip(TestPdf.Drawn([Name], annotations: "<< /Type /Annot /Subtype /Text /Rect [70 695 90 711] /Contents (check the spelling) >>"));
    }

    /// <summary>A content stream built to make the check work without end — a form drawing itself, or millions of
    /// boxes over thousands of glyphs — ends within bounds as a refusal ("damaged or … cannot be cleaned"), not a hang.</summary>
    [Fact]
    public void ContentBuiltToExhaustTheCheck_IsRefusedWithinBounds()
    {
        var selfDrawing = TestPdf.Drawn([$"{Name} /Fm1 Do"], form: "q 0.9 0 0 0.9 0 0 cm /Fm1 Do Q");
        var loop = Assert.Throws<DomainException>(() => PdfContent.Strip(selfDrawing));
        Assert.Contains("damaged or uses features", loop.Message, StringComparison.Ordinal);

        // 60 lines of text, then grids of 500 hairlines each drawn over all of them: cheap to write, each grid
        // costs the check 500 box tests per point of every glyph.
        var lines = string.Concat(Enumerable.Range(0, 60).Select(i => $"BT /F1 12 Tf 10 {20 + 12 * i} Td ({new string('x', 100)}) Tj ET "));
        var grid = string.Concat(Enumerable.Range(0, 500).Select(i => (0.5 + i * 1.2).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " 0 0.1 792 re ")) + "f ";
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var heavy = Assert.Throws<DomainException>(() => PdfContent.Strip(TestPdf.Drawn([lines + "0 g " + string.Concat(Enumerable.Repeat(grid, 20))])));
        Assert.Contains("damaged or uses features", heavy.Message, StringComparison.Ordinal);
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60), "the check did not stop at its bounds");
    }
}
