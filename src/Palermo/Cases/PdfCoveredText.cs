using System.Numerics;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace Palermo.Cases;

/// <summary>
/// Finds text a reader cannot see but anyone can copy out of the file — the "redaction" a PDF editor's rectangle tool
/// makes: a victim's name with a black (or white) box drawn over it is still in the file. Each page's content
/// streams (and the form XObjects they draw, and the annotations' appearances drawn over the page) are run through a
/// small interpreter that follows what affects where text and shapes land and in which order: the graphics state
/// (q/Q, cm), clipping (by bounding box), text state and positioning, glyph widths from the font dictionaries, path
/// construction and painting, images, colours and fill opacity (<c>/ca</c>, <c>/BM</c>, <c>/SMask</c> in ExtGState).
/// A glyph is hidden when, of the 16 points sampled over its box (4 × 4, the box from the font's descent to its
/// ascent and as wide as its advance), at least half of those drawn (inside the clip) are later painted over by an
/// opaque fill (any colour, opacity 1, blend mode Normal, no soft mask; a stroke wide enough counts too) or an opaque
/// image that is not a whole-page scan; or, at the moment it is drawn, lie on a fill of the glyph's own colour (black
/// on black; white text on the white page). Invisible text (render mode 3, the OCR layer of a scanned page) and spaces
/// are not looked at. A page is refused when two glyphs or more are hidden, and a file with a <c>/Redact</c>
/// annotation (marked for redaction, never applied: the text is still under the mark) is refused outright.
/// Work is bounded: no recursion (form XObjects run from an explicit stack, 32 deep at most), at most
/// <see cref="MaxOperators"/> operators and <see cref="MaxDecodedBytes"/> of decoded content per document, and
/// <see cref="MaxWorkPerPage"/> polygon and edge tests per page; past a bound the answer is <see cref="Finding.TooComplex"/>
/// (the file is refused; the child's time and memory limits stay the last word).
/// </summary>
internal static class PdfCoveredText
{
    public enum Finding { None, HiddenText, UnappliedRedaction, TooComplex }

    private const int MaxOperators = 20_000_000;
    private const long MaxDecodedBytes = 256L * 1024 * 1024;
    private const long MaxWorkPerPage = 200_000_000;
    private const int MaxShapesUnderAPoint = 64;
    private const int MaxFormDepth = 32;
    private const int MaxGraphicsStates = 4096;
    private const int MaxGlyphsPerPage = 2_000_000;
    private const int MaxPathPoints = 200_000;
    private const int HiddenGlyphsToRefuse = 2;

    public static Finding Find(PdfDocument doc)
    {
        foreach (var page in doc.Pages)
        {
            if (AsArray(page.Elements["/Annots"]) is not { } annots) continue;
            foreach (var a in annots.Elements)
            {
                if (AsDictionary(a)?.Elements.GetName("/Subtype") == "/Redact") return Finding.UnappliedRedaction;
            }
        }

        var run = new Run();
        try
        {
            foreach (var page in doc.Pages)
            {
                if (run.PageHidesText(page)) return Finding.HiddenText;
            }
        }
        catch (TooComplexException)
        {
            return Finding.TooComplex;
        }

        return Finding.None;
    }

    private sealed class TooComplexException : Exception;

    /// <summary>One document's pass: the budgets and the decoded forms are shared by its pages.</summary>
    private sealed class Run
    {
        private long _operators;
        private long _decoded;
        private readonly Dictionary<PdfDictionary, byte[]> _forms = new(ReferenceEqualityComparer.Instance);
        private readonly MemoryStream _page = new();
        private readonly byte[] _chunk = new byte[81920];
        private readonly Dictionary<PdfDictionary, FontMetrics> _fonts = new(ReferenceEqualityComparer.Instance);

        public bool PageHidesText(PdfPage page)
        {
            var box = PageBox(page);
            var p = new PageState(this, box);
            var (content, length) = PageContent(page);
            var initial = new GState { Clip = box };
            if (length > 0 && p.Interpret(content, length, page.Elements.GetDictionary("/Resources"), initial)) return true;
            // Annotations are drawn over the page, in their order: a rectangle comment with a black interior is a box
            // drawn over the text too.
            if (AsArray(page.Elements["/Annots"]) is { } annots)
            {
                foreach (var item in annots.Elements)
                {
                    if (AsDictionary(item) is not { } a || Appearance(a) is not { } ap) continue;
                    var (form, matrix) = ap;
                    var appearance = FormContent(form);
                    if (p.Interpret(appearance, appearance.Length, form.Elements.GetDictionary("/Resources"), new GState { Clip = box, Ctm = matrix })) return true;
                }
            }

            return false;
        }

        // The normal appearance of an annotation that is drawn and may paint over the page, and the matrix that maps
        // its form space onto the annotation's rectangle (ISO 32000-1, 12.5.5). Text markup (highlights, underlines)
        // marks text rather than hiding it, links and pop-ups paint nothing on the text, and form fields (widgets) are
        // the document's own boxes; a hidden or translucent annotation hides nothing.
        private (PdfDictionary Form, Matrix Matrix)? Appearance(PdfDictionary a)
        {
            var subtype = a.Elements.GetName("/Subtype");
            if (subtype is "/Highlight" or "/Underline" or "/StrikeOut" or "/Squiggly" or "/Link" or "/Popup" or "/Widget") return null;
            if ((a.Elements.GetInteger("/F") & (2 | 32)) != 0) return null; // Hidden, NoView
            if (a.Elements.ContainsKey("/CA") && a.Elements.GetReal("/CA") < 0.999) return null;
            var normal = AsDictionary(a.Elements["/AP"]) is { } ap ? ap.Elements["/N"] : null;
            var form = AsDictionary(normal);
            if (form is { Stream: null })
            {
                form = AsDictionary(form.Elements[a.Elements.GetName("/AS")]);
            }

            if (form?.Stream is null || Rect(a.Elements["/Rect"]) is not { } rect || Rect(form.Elements["/BBox"]) is not { } bbox) return null;
            var m = MatrixOf(form.Elements["/Matrix"]);
            var t = bbox.Transform(m);
            if (t.Width <= 0 || t.Height <= 0) return null;
            var sx = rect.Width / t.Width;
            var sy = rect.Height / t.Height;
            var fit = new Matrix(sx, 0, 0, sy, rect.X0 - sx * t.X0, rect.Y0 - sy * t.Y0);
            return (form, m.Then(fit));
        }

        public byte[] FormContent(PdfDictionary form)
        {
            if (_forms.TryGetValue(form, out var cached)) return cached;
            var output = new MemoryStream();
            Decode(form, output);
            var bytes = output.ToArray();
            if (bytes.Length <= 1 << 20) _forms[form] = bytes;
            return bytes;
        }

        // A page's content streams, decoded one after the other into one buffer kept for every page of the file (a
        // new large array per page would be garbage the collector has to walk PDFsharp's whole object graph for).
        private (byte[] Data, int Length) PageContent(PdfPage page)
        {
            _page.SetLength(0);
            var contents = page.Elements["/Contents"];
            if (AsDictionary(contents) is { Stream: not null } single) Decode(single, _page);
            else if (AsArray(contents) is { } parts)
            {
                foreach (var part in parts.Elements)
                {
                    if (AsDictionary(part) is not { Stream: not null } s) continue;
                    Decode(s, _page);
                    _page.WriteByte((byte)'\n');
                }
            }

            return (_page.GetBuffer(), (int)_page.Length);
        }

        // Appends a stream's data with its filters undone; Flate alone (nearly every content stream) is inflated
        // straight into the output under the document's budget, so that a few kilobytes inflating to gigabytes stop
        // here. A stream that cannot be decoded adds nothing: viewers cannot show it either.
        private void Decode(PdfDictionary d, MemoryStream output)
        {
            byte[]? bytes = d.Stream!.Value;
            var filters = d.Elements["/Filter"] switch
            {
                PdfName name => [name.Value],
                PdfArray a => a.Elements.Select(e => (e as PdfName)?.Value).ToList(),
                _ => new List<string?>(),
            };
            var parms = d.Elements["/DecodeParms"] is PdfArray pa ? pa.Elements.Select(AsDictionary).ToList() : [AsDictionary(d.Elements["/DecodeParms"])];
            for (var i = 0; i < filters.Count; i++)
            {
                var parm = i < parms.Count ? parms[i] : null;
                var plainFlate = filters[i] is "/FlateDecode" or "/Fl" && (parm is null || parm.Elements.GetInteger("/Predictor") <= 1);
                if (plainFlate && i == filters.Count - 1)
                {
                    Inflate(bytes, output);
                    return;
                }

                try
                {
                    bytes = filters[i] is null ? null : PdfSharp.Pdf.Filters.Filtering.Decode(bytes, new PdfName(filters[i]!), parm);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    bytes = null;
                }

                if (bytes is null) return;
                Count(bytes.Length);
            }

            if (filters.Count == 0) Count(bytes.Length);
            output.Write(bytes);
        }

        private void Inflate(byte[] data, MemoryStream output)
        {
            try
            {
                using var inflater = new System.IO.Compression.ZLibStream(new MemoryStream(data, writable: false), System.IO.Compression.CompressionMode.Decompress);
                int n;
                while ((n = inflater.Read(_chunk)) > 0)
                {
                    Count(n);
                    output.Write(_chunk, 0, n);
                }
            }
            catch (InvalidDataException)
            {
                // Damaged: what was inflated before the damage stays, as viewers show it.
            }
        }

        private void Count(long decoded)
        {
            _decoded += decoded;
            if (_decoded > MaxDecodedBytes) throw new TooComplexException();
        }

        public void CountOperator()
        {
            if (++_operators > MaxOperators) throw new TooComplexException();
        }

        public FontMetrics Font(PdfDictionary font)
        {
            if (!_fonts.TryGetValue(font, out var metrics)) _fonts[font] = metrics = FontMetrics.Of(font);
            return metrics;
        }
    }

    /// <summary>What has been painted on one page so far: the glyphs (for later covers) and every painted area (for
    /// the colour under a glyph), each indexed in a grid of 64-point cells (<see cref="Grid"/>).</summary>
    private sealed class PageState(Run run, Box pageBox)
    {
        private const double Cell = 64;
        private const int MaxCellsPerItem = 256;
        private readonly List<Glyph> _glyphs = [];
        private readonly Grid _glyphCells = new(pageBox);
        private readonly List<Painted> _painted = [];
        private readonly Grid _paintedCells = new(pageBox);
        private readonly double _pageArea = pageBox.IsInfinite ? 612 * 792 : pageBox.Width * pageBox.Height;
        private int _hidden;
        private int _stamp;
        private long _work;
        private readonly Colour[] _colours = new Colour[64];
        private int _colourCount;
        private bool _manyColours;

        // Runs one content stream and the forms it draws (an explicit stack: a form's depth is the uploader's choice).
        public bool Interpret(byte[] content, int length, PdfDictionary? resources, GState initial)
        {
            var frames = new Stack<Frame>();
            var states = new List<GState> { initial };
            frames.Push(new Frame(new PdfContentStream(content, length), resources, 0, 1, initial.Translucent));
            var path = new PathBuilder();
            var text = new TextState();
            while (frames.Count > 0)
            {
                var f = frames.Peek();
                if (!f.Stream.Next(out var op))
                {
                    frames.Pop();
                    // The frame's own state goes too (a form is drawn as if between q and Q).
                    states.RemoveRange(f.BaseStates - 1, states.Count - f.BaseStates + 1);
                    continue;
                }

                run.CountOperator();
                var o = f.Stream.Operands;
                var gs = states[^1];
                switch (op)
                {
                    case ContentOp.Save:
                        if (states.Count >= MaxGraphicsStates) throw new TooComplexException();
                        states.Add(gs.Clone());
                        break;
                    case ContentOp.Restore:
                        if (states.Count > f.BaseStates) states.RemoveAt(states.Count - 1);
                        break;
                    case ContentOp.Transform when o.Count >= 6:
                        gs.Ctm = new Matrix(N(o, 0), N(o, 1), N(o, 2), N(o, 3), N(o, 4), N(o, 5)).Then(gs.Ctm);
                        break;
                    case ContentOp.LineWidth when o.Count >= 1:
                        gs.LineWidth = N(o, 0);
                        break;
                    case ContentOp.ExtGState when o.Count >= 1:
                        ApplyExtGState(gs, Resource(f.Resources, "/ExtGState", o[0].Name));
                        break;
                    case ContentOp.MoveTo when o.Count >= 2:
                        path.MoveTo(N(o, 0), N(o, 1));
                        break;
                    case ContentOp.LineTo when o.Count >= 2:
                        path.LineTo(N(o, 0), N(o, 1));
                        break;
                    case ContentOp.CurveTo when o.Count >= 6:
                        path.CurveTo(N(o, 0), N(o, 1), N(o, 2), N(o, 3), N(o, 4), N(o, 5));
                        break;
                    case ContentOp.CurveToV when o.Count >= 4:
                        path.CurveTo(path.Current.X, path.Current.Y, N(o, 0), N(o, 1), N(o, 2), N(o, 3));
                        break;
                    case ContentOp.CurveToY when o.Count >= 4:
                        path.CurveTo(N(o, 0), N(o, 1), N(o, 2), N(o, 3), N(o, 2), N(o, 3));
                        break;
                    case ContentOp.ClosePath:
                        path.Close();
                        break;
                    case ContentOp.Rectangle when o.Count >= 4:
                        path.Rectangle(N(o, 0), N(o, 1), N(o, 2), N(o, 3));
                        break;
                    case ContentOp.Clip:
                        path.ClipPending = true;
                        break;
                    case ContentOp.Fill or ContentOp.FillEvenOdd or ContentOp.Stroke or ContentOp.CloseStroke or ContentOp.FillStroke
                        or ContentOp.FillStrokeEvenOdd or ContentOp.CloseFillStroke or ContentOp.CloseFillStrokeEvenOdd or ContentOp.EndPath:
                        if (Paint(op, path, gs, f.Translucent)) return true;
                        path.Reset();
                        break;
                    case ContentOp.BeginText:
                        text.Begin();
                        break;
                    case ContentOp.CharSpacing when o.Count >= 1:
                        gs.CharSpacing = N(o, 0);
                        break;
                    case ContentOp.WordSpacing when o.Count >= 1:
                        gs.WordSpacing = N(o, 0);
                        break;
                    case ContentOp.HorizontalScale when o.Count >= 1:
                        gs.HorizontalScale = N(o, 0) / 100;
                        break;
                    case ContentOp.Leading when o.Count >= 1:
                        gs.Leading = N(o, 0);
                        break;
                    case ContentOp.Rise when o.Count >= 1:
                        gs.Rise = N(o, 0);
                        break;
                    case ContentOp.RenderMode when o.Count >= 1:
                        gs.RenderMode = (int)N(o, 0);
                        break;
                    case ContentOp.Font when o.Count >= 2:
                        gs.Font = Resource(f.Resources, "/Font", o[0].Name) is { } font ? run.Font(font) : FontMetrics.Unknown;
                        gs.FontSize = N(o, 1);
                        break;
                    case ContentOp.MoveText when o.Count >= 2:
                        text.MoveLine(N(o, 0), N(o, 1));
                        break;
                    case ContentOp.MoveTextLeading when o.Count >= 2:
                        gs.Leading = -N(o, 1);
                        text.MoveLine(N(o, 0), N(o, 1));
                        break;
                    case ContentOp.TextMatrix when o.Count >= 6:
                        text.Line = text.Matrix = new Matrix(N(o, 0), N(o, 1), N(o, 2), N(o, 3), N(o, 4), N(o, 5));
                        break;
                    case ContentOp.NextLine:
                        text.MoveLine(0, -gs.Leading);
                        break;
                    case ContentOp.ShowText when o.Count >= 1 && o[^1].Bytes is { } s:
                        if (Show(s, gs, text)) return true;
                        break;
                    case ContentOp.NextLineShowText when o.Count >= 1 && o[^1].Bytes is { } s:
                        text.MoveLine(0, -gs.Leading);
                        if (Show(s, gs, text)) return true;
                        break;
                    case ContentOp.NextLineShowTextSpacing when o.Count >= 3 && o[^1].Bytes is { } s:
                        gs.WordSpacing = N(o, 0);
                        gs.CharSpacing = N(o, 1);
                        text.MoveLine(0, -gs.Leading);
                        if (Show(s, gs, text)) return true;
                        break;
                    case ContentOp.ShowTextArray:
                        for (var n = 0; n < f.Stream.ArrayItems.Count; n++)
                        {
                            var item = f.Stream.ArrayItems[n];
                            if (item.Bytes is { } part)
                            {
                                if (Show(part, gs, text)) return true;
                            }
                            else if (item.Kind == OperandKind.Number)
                            {
                                text.Advance(-item.Number / 1000 * gs.FontSize * gs.HorizontalScale);
                            }
                        }

                        break;
                    case ContentOp.FillGray when o.Count >= 1:
                        gs.Fill = Colour.Gray(N(o, 0));
                        gs.FillSpace = 1;
                        break;
                    case ContentOp.StrokeGray when o.Count >= 1:
                        gs.Stroke = Colour.Gray(N(o, 0));
                        gs.StrokeSpace = 1;
                        break;
                    case ContentOp.FillRgb when o.Count >= 3:
                        gs.Fill = Colour.Rgb(N(o, 0), N(o, 1), N(o, 2));
                        gs.FillSpace = 3;
                        break;
                    case ContentOp.StrokeRgb when o.Count >= 3:
                        gs.Stroke = Colour.Rgb(N(o, 0), N(o, 1), N(o, 2));
                        gs.StrokeSpace = 3;
                        break;
                    case ContentOp.FillCmyk when o.Count >= 4:
                        gs.Fill = Colour.Cmyk(N(o, 0), N(o, 1), N(o, 2), N(o, 3));
                        gs.FillSpace = 4;
                        break;
                    case ContentOp.StrokeCmyk when o.Count >= 4:
                        gs.Stroke = Colour.Cmyk(N(o, 0), N(o, 1), N(o, 2), N(o, 3));
                        gs.StrokeSpace = 4;
                        break;
                    case ContentOp.FillColorSpace when o.Count >= 1:
                        gs.FillSpace = Components(o[0].Name, f.Resources);
                        gs.Fill = Colour.Initial(gs.FillSpace);
                        break;
                    case ContentOp.StrokeColorSpace when o.Count >= 1:
                        gs.StrokeSpace = Components(o[0].Name, f.Resources);
                        gs.Stroke = Colour.Initial(gs.StrokeSpace);
                        break;
                    case ContentOp.FillColor:
                        gs.Fill = Colour.FromOperands(o, gs.FillSpace);
                        break;
                    case ContentOp.StrokeColor:
                        gs.Stroke = Colour.FromOperands(o, gs.StrokeSpace);
                        break;
                    case ContentOp.Shade:
                        // A shading fills the clip with colours of its own: never a cover (gradients are backgrounds),
                        // but whatever lies under text drawn later is no longer the plain page.
                        if ((gs.Clip.IsInfinite ? pageBox : gs.Clip) is { IsFinite: true, IsEmpty: false } shaded) AddPainted(Shape.OfBox(shaded), Colour.Unknown);
                        break;
                    case ContentOp.InlineImage:
                        if (PaintImage(gs, f.Translucent, f.Stream.InlineImageIsMask)) return true;
                        break;
                    case ContentOp.Draw when o.Count >= 1:
                        if (Resource(f.Resources, "/XObject", o[0].Name) is not { Stream: not null } x) break;
                        var subtype = x.Elements.GetName("/Subtype");
                        if (subtype == "/Image")
                        {
                            var opaque = !x.Elements.ContainsKey("/SMask") && !x.Elements.ContainsKey("/Mask") && !x.Elements.GetBoolean("/ImageMask");
                            if (PaintImage(gs, f.Translucent, !opaque)) return true;
                        }
                        else if (subtype == "/Form")
                        {
                            if (f.Depth >= MaxFormDepth) throw new TooComplexException();
                            var inner = gs.Clone();
                            inner.Ctm = MatrixOf(x.Elements["/Matrix"]).Then(gs.Ctm);
                            if (Rect(x.Elements["/BBox"]) is { } bbox) inner.Clip = inner.Clip.Intersect(bbox.Transform(inner.Ctm));
                            // A form drawn translucently (or as a transparency group with a blend mode or soft mask)
                            // composites everything in it that way: nothing in it is opaque.
                            inner.Translucent = f.Translucent || !gs.OpaqueFill;
                            states.Add(inner);
                            var resourcesOfForm = x.Elements.GetDictionary("/Resources") ?? f.Resources;
                            var formContent = run.FormContent(x);
                            frames.Push(new Frame(new PdfContentStream(formContent, formContent.Length), resourcesOfForm, f.Depth + 1, states.Count, inner.Translucent));
                        }

                        break;
                }
            }

            return false;
        }

        // Paints the current path: a fill (and a wide enough stroke) covers earlier glyphs when opaque; either way
        // it is what later text lies on. Then the path becomes the clip if W was given.
        private bool Paint(ContentOp op, PathBuilder path, GState gs, bool translucent)
        {
            var fill = op is ContentOp.Fill or ContentOp.FillEvenOdd or ContentOp.FillStroke or ContentOp.FillStrokeEvenOdd
                or ContentOp.CloseFillStroke or ContentOp.CloseFillStrokeEvenOdd;
            var stroke = op is ContentOp.Stroke or ContentOp.CloseStroke or ContentOp.FillStroke or ContentOp.FillStrokeEvenOdd
                or ContentOp.CloseFillStroke or ContentOp.CloseFillStrokeEvenOdd;
            if (path.PointCount > 0)
            {
                Charge(path.PointCount);
                if (fill)
                {
                    var evenOdd = op is ContentOp.FillEvenOdd or ContentOp.FillStrokeEvenOdd or ContentOp.CloseFillStrokeEvenOdd;
                    var shape = path.FillShape(gs.Ctm, evenOdd)?.ClipTo(gs.Clip);
                    if (shape is not null)
                    {
                        var opaque = !translucent && gs.OpaqueFill && gs.Fill.Known;
                        if (opaque && Cover(shape)) return true;
                        AddPainted(shape, opaque ? gs.Fill : Colour.Unknown);
                    }
                }

                if (stroke && gs.LineWidth > 0 && path.StrokeShape(gs.Ctm, gs.LineWidth)?.ClipTo(gs.Clip) is { } lines)
                {
                    var opaque = !translucent && gs.OpaqueStroke && gs.Stroke.Known;
                    if (opaque && Cover(lines)) return true;
                    AddPainted(lines, opaque ? gs.Stroke : Colour.Unknown);
                }

                if (path.ClipPending && path.Bounds(gs.Ctm) is { } clip) gs.Clip = gs.Clip.Intersect(clip);
            }

            return false;
        }

        // An image paints the unit square under the CTM. A stencil mask, an image with a mask or soft mask, or one
        // drawn translucently is not opaque; an image covering half the page or more is a scanned page, whose OCR text
        // some scanners put under the picture (the text then says what the picture shows).
        private bool PaintImage(GState gs, bool translucent, bool masked)
        {
            var shape = Shape.OfParallelogram(gs.Ctm).ClipTo(gs.Clip);
            if (shape is null) return false;
            var scan = shape.Area >= _pageArea * 0.5;
            if (!translucent && !masked && gs.OpaqueFill && !scan && Cover(shape)) return true;
            AddPainted(shape, Colour.Unknown);
            return false;
        }

        // Shows a string: one glyph per character code, each checked against what lies under it, then kept for the
        // covers drawn after it.
        private bool Show(byte[] s, GState gs, TextState text)
        {
            var font = gs.Font;
            var step = font.TwoByte ? 2 : 1;
            var paints = gs.RenderMode is 0 or 1 or 2 or 4 or 5 or 6;
            for (var i = 0; i + step <= s.Length; i += step)
            {
                var code = step == 1 ? s[i] : (s[i] << 8) | s[i + 1];
                var w = font.Width(code);
                var space = step == 1 && code == 32;
                if (paints && !space && w > 0 && gs.FontSize != 0)
                {
                    var trm = new Matrix(gs.FontSize * gs.HorizontalScale, 0, 0, gs.FontSize, 0, gs.Rise).Then(text.Matrix).Then(gs.Ctm);
                    var visibleAlpha = gs.RenderMode is 1 or 5 ? gs.StrokeAlpha : gs.FillAlpha;
                    if (visibleAlpha > 0.01 && AddGlyph(trm, w, font, gs)) return true;
                }

                var advance = (w * gs.FontSize + gs.CharSpacing + (space ? gs.WordSpacing : 0)) * gs.HorizontalScale;
                text.Advance(advance);
            }

            return false;
        }

        private bool AddGlyph(Matrix trm, double width, FontMetrics font, GState gs)
        {
            var origin = trm.Apply(0, font.Descent);
            var u = trm.ApplyVector(width, 0);
            var v = trm.ApplyVector(0, font.Ascent - font.Descent);
            var g = new Glyph(origin, u, v);
            // Points outside the clip are not drawn: clipped text (a spreadsheet cell's overflow) is not looked at.
            for (var k = 0; k < 16; k++)
            {
                var (x, y) = g.Sample(k);
                if (gs.Clip.Contains(x, y)) g.Drawn |= (ushort)(1 << k);
            }

            var drawn = BitOperations.PopCount(g.Drawn);
            if (drawn < 8) return false;
            // Text in the colour of what it is drawn on (black on black; white on the white page) cannot be seen.
            var colour = gs.RenderMode is 1 or 5 ? gs.Stroke : gs.Fill;
            var alsoStroke = gs.RenderMode is 2 or 6 ? gs.Stroke : colour;
            if (colour.Known && alsoStroke.Known && alsoStroke.Matches(colour) && MayLieOnItsOwnColour(colour))
            {
                var invisible = 0;
                for (var k = 0; k < 16; k++)
                {
                    if ((g.Drawn & (1 << k)) == 0) continue;
                    var (x, y) = g.Sample(k);
                    var under = ColourAt(x, y);
                    if (under is { } c && c.Known && c.Matches(colour)) invisible++;
                }

                if (invisible * 2 >= drawn && ++_hidden >= HiddenGlyphsToRefuse) return true;
                if (invisible * 2 >= drawn) g.Hidden = true;
            }

            if (_glyphs.Count >= MaxGlyphsPerPage) throw new TooComplexException();
            var index = _glyphs.Count;
            _glyphs.Add(g);
            _glyphCells.Add(g.Bounds, index);
            return false;
        }

        // The colour of the topmost thing painted at a point (null: something whose colour or exact shape is not
        // known); white where nothing is painted (the page).
        private void Charge(long work)
        {
            _work += work;
            if (_work > MaxWorkPerPage) throw new TooComplexException();
        }

        private Colour? ColourAt(double x, double y)
        {
            var cell = _paintedCells.At(x, y);
            var big = _paintedCells.Big;
            int i = cell.Count - 1, j = big.Count - 1, looked = 0;
            while (i >= 0 || j >= 0)
            {
                int index;
                if (j < 0 || (i >= 0 && cell[i] > big[j])) index = cell[i--];
                else index = big[j--];
                var p = _painted[index];
                if (!p.Shape.Bounds.Contains(x, y)) continue;
                // Only so many painted shapes at this point are looked at; past them the colour is not known.
                if (++looked > MaxShapesUnderAPoint) return Colour.Unknown;
                long work = 0;
                var inside = p.Shape.Contains(x, y, ref work);
                Charge(work);
                if (inside) return p.Colour;
            }

            return Colour.White;
        }

        // An opaque shape painted over the glyphs drawn before it: marks the points it covers; true once enough
        // glyphs are hidden.
        private bool Cover(Shape shape)
        {
            var b = shape.Bounds;
            long work = 0;
            _stamp++;
            foreach (var index in _glyphCells.Near(b, _glyphs.Count))
            {
                var g = _glyphs[index];
                if (g.Stamp == _stamp || g.Hidden || !g.Bounds.Overlaps(b)) continue;
                g.Stamp = _stamp;
                var drawn = BitOperations.PopCount(g.Drawn);
                for (var k = 0; k < 16; k++)
                {
                    var bit = (ushort)(1 << k);
                    if ((g.Drawn & bit) == 0 || (g.Covered & bit) != 0) continue;
                    var (x, y) = g.Sample(k);
                    if (shape.Contains(x, y, ref work)) g.Covered |= bit;
                }

                Charge(work);
                work = 0;

                if (BitOperations.PopCount(g.Covered) * 2 >= drawn)
                {
                    g.Hidden = true;
                    if (++_hidden >= HiddenGlyphsToRefuse) return true;
                }
            }

            return false;
        }

        // Whether the page is white or anything painted so far had this colour: most text is black on a page with
        // no black fill, and then the points need not be looked up.
        private bool MayLieOnItsOwnColour(Colour colour)
        {
            if (colour.Matches(Colour.White) || _manyColours) return true;
            for (var i = 0; i < _colourCount; i++)
            {
                if (_colours[i].Matches(colour)) return true;
            }

            return false;
        }

        private void AddPainted(Shape shape, Colour colour)
        {
            if (colour.Known && !_manyColours && !MayLieOnItsOwnColour(colour))
            {
                if (_colourCount == _colours.Length) _manyColours = true;
                else _colours[_colourCount++] = colour;
            }

            // Only small shapes are kept whole; a large one (a map's coastline) is kept as its box with no colour, so
            // that text on it is never judged by a colour it may not have.
            var kept = shape.Size <= 64 ? new Painted(shape, colour) : new Painted(Shape.OfBox(shape.Bounds), Colour.Unknown);
            if (_painted.Count >= MaxGlyphsPerPage) throw new TooComplexException();
            var index = _painted.Count;
            _painted.Add(kept);
            _paintedCells.Add(kept.Shape.Bounds, index);
        }

        /// <summary>
        /// Item indexes by 64-point cell over the page box (at most 64 × 64 cells; what lies outside is counted in the
        /// nearest edge cell, both when added and when looked up); an item spanning many cells, or with no finite box,
        /// is in <see cref="Big"/>, which every look-up includes.
        /// </summary>
        private sealed class Grid
        {
            private readonly double _x0;
            private readonly double _y0;
            private readonly int _columns;
            private readonly int _rows;
            private readonly List<int>?[] _cells;
            private static readonly List<int> None = [];

            public Grid(Box page)
            {
                var b = page.IsFinite ? page : new Box(0, 0, 612, 792);
                (_x0, _y0) = (b.X0, b.Y0);
                _columns = (int)Math.Clamp(Math.Ceiling(b.Width / Cell), 1, 64);
                _rows = (int)Math.Clamp(Math.Ceiling(b.Height / Cell), 1, 64);
                _cells = new List<int>?[_columns * _rows];
            }

            public List<int> Big { get; } = [];

            public void Add(Box b, int index)
            {
                if (!b.IsFinite)
                {
                    Big.Add(index);
                    return;
                }

                var (c0, r0, c1, r1) = Range(b);
                if ((c1 - c0 + 1) * (r1 - r0 + 1) > MaxCellsPerItem)
                {
                    Big.Add(index);
                    return;
                }

                for (var c = c0; c <= c1; c++)
                {
                    for (var r = r0; r <= r1; r++) (_cells[r * _columns + c] ??= []).Add(index);
                }
            }

            /// <summary>The items of the cell a point is in, in the order they were added (<see cref="Big"/> aside).</summary>
            public List<int> At(double x, double y) => _cells[Row(y) * _columns + Column(x)] ?? None;

            /// <summary>Every item whose cells meet the box (an item may come more than once), <see cref="Big"/> included.</summary>
            public IEnumerable<int> Near(Box b, int count)
            {
                if (!b.IsFinite)
                {
                    for (var i = 0; i < count; i++) yield return i;
                    yield break;
                }

                foreach (var i in Big) yield return i;
                var (c0, r0, c1, r1) = Range(b);
                for (var c = c0; c <= c1; c++)
                {
                    for (var r = r0; r <= r1; r++)
                    {
                        if (_cells[r * _columns + c] is not { } list) continue;
                        foreach (var i in list) yield return i;
                    }
                }
            }

            private (int C0, int R0, int C1, int R1) Range(Box b) => (Column(b.X0), Row(b.Y0), Column(b.X1), Row(b.Y1));

            private int Column(double x) => (int)Math.Clamp(Math.Floor((x - _x0) / Cell), 0, _columns - 1);

            private int Row(double y) => (int)Math.Clamp(Math.Floor((y - _y0) / Cell), 0, _rows - 1);
        }

        /// <summary>A content stream being run; its own graphics state is <c>states[BaseStates - 1]</c>, which its Q
        /// operators cannot restore past.</summary>
        private sealed record Frame(PdfContentStream Stream, PdfDictionary? Resources, int Depth, int BaseStates, bool Translucent);
    }

    private static void ApplyExtGState(GState gs, PdfDictionary? ext)
    {
        if (ext is null) return;
        if (ext.Elements.ContainsKey("/ca")) gs.FillAlpha = ext.Elements.GetReal("/ca");
        if (ext.Elements.ContainsKey("/CA")) gs.StrokeAlpha = ext.Elements.GetReal("/CA");
        if (ext.Elements.ContainsKey("/LW")) gs.LineWidth = ext.Elements.GetReal("/LW");
        if (ext.Elements["/BM"] is { } bm)
        {
            var mode = bm is PdfArray a && a.Elements.Count > 0 ? (a.Elements[0] as PdfName)?.Value : (bm as PdfName)?.Value;
            gs.NormalBlend = mode is null or "/Normal" or "/Compatible";
        }

        if (ext.Elements["/SMask"] is { } mask) gs.SoftMask = !(mask is PdfName { Value: "/None" });
        if (AsArray(ext.Elements["/Font"]) is { Elements.Count: 2 } font && AsDictionary(font.Elements[0]) is { } f)
        {
            gs.Font = FontMetrics.Of(f);
            gs.FontSize = font.Elements[1] is PdfInteger i ? i.Value : font.Elements[1] is PdfReal r ? r.Value : gs.FontSize;
        }
    }

    // How many components a colour space has (0: a pattern, or one whose colours are not known here).
    private static int Components(string? name, PdfDictionary? resources)
    {
        switch (name)
        {
            case "/DeviceGray" or "/G" or "/CalGray": return 1;
            case "/DeviceRGB" or "/RGB" or "/CalRGB": return 3;
            case "/DeviceCMYK" or "/CMYK": return 4;
            case "/Pattern" or null: return 0;
        }

        var item = AsDictionary(resources?.Elements["/ColorSpace"])?.Elements[name];
        PdfItem? space = item is PdfReference r ? r.Value : item;
        if (space is PdfName n) return Components(n.Value, null);
        if (space is not PdfArray { Elements.Count: > 0 } a) return 0;
        return (a.Elements[0] as PdfName)?.Value switch
        {
            "/ICCBased" => AsDictionary(a.Elements.Count > 1 ? a.Elements[1] : null)?.Elements.GetInteger("/N") is int k and (1 or 3 or 4) ? k : 0,
            "/CalGray" => 1,
            "/CalRGB" => 3,
            _ => 0, // Separation, DeviceN, Indexed, Lab, Pattern: the colour is not worked out
        };
    }

    private static PdfDictionary? Resource(PdfDictionary? resources, string kind, string? name) =>
        name is null ? null : AsDictionary(AsDictionary(resources?.Elements[kind])?.Elements[name]);

    // The operands of a well-formed operator, by position (the when clauses check their number).
    private static double N(OperandList o, int i) => o[i].Number;

    private static Box PageBox(PdfPage page) =>
        Rect(page.Elements["/CropBox"]) ?? Rect(page.Elements["/MediaBox"]) ?? Box.Infinite;

    private static Box? Rect(PdfItem? item)
    {
        if (AsArray(item) is not { Elements.Count: 4 } a) return null;
        var v = new double[4];
        for (var i = 0; i < 4; i++)
        {
            var e = a.Elements[i] is PdfReference r ? r.Value : a.Elements[i];
            v[i] = e switch { PdfInteger n => n.Value, PdfReal x => x.Value, _ => double.NaN };
            if (!double.IsFinite(v[i])) return null;
        }

        return new Box(Math.Min(v[0], v[2]), Math.Min(v[1], v[3]), Math.Max(v[0], v[2]), Math.Max(v[1], v[3]));
    }

    private static Matrix MatrixOf(PdfItem? item)
    {
        if (AsArray(item) is not { Elements.Count: 6 } a) return Matrix.Identity;
        var v = new double[6];
        for (var i = 0; i < 6; i++)
        {
            v[i] = a.Elements[i] switch { PdfInteger n => n.Value, PdfReal x => x.Value, _ => double.NaN };
            if (!double.IsFinite(v[i])) return Matrix.Identity;
        }

        return new Matrix(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    private static PdfDictionary? AsDictionary(PdfItem? item) => PdfContent.AsDictionary(item);

    private static PdfArray? AsArray(PdfItem? item) => PdfContent.AsArray(item);

    /// <summary>The part of the graphics state that decides where and how things are painted.</summary>
    private sealed class GState
    {
        public Matrix Ctm = Matrix.Identity;
        public Box Clip = Box.Infinite;
        public Colour Fill = Colour.Black;
        public Colour Stroke = Colour.Black;
        public int FillSpace = 1;
        public int StrokeSpace = 1;
        public double FillAlpha = 1;
        public double StrokeAlpha = 1;
        public bool NormalBlend = true;
        public bool SoftMask;
        public bool Translucent;
        public double LineWidth = 1;
        public FontMetrics Font = FontMetrics.Unknown;
        public double FontSize;
        public double CharSpacing;
        public double WordSpacing;
        public double HorizontalScale = 1;
        public double Leading;
        public double Rise;
        public int RenderMode;

        public bool OpaqueFill => FillAlpha >= 0.999 && NormalBlend && !SoftMask;

        public bool OpaqueStroke => StrokeAlpha >= 0.999 && NormalBlend && !SoftMask;

        public GState Clone() => (GState)MemberwiseClone();
    }

    private sealed class TextState
    {
        public Matrix Matrix = Matrix.Identity;
        public Matrix Line = Matrix.Identity;

        public void Begin() => Matrix = Line = Matrix.Identity;

        public void MoveLine(double tx, double ty) => Matrix = Line = new Matrix(1, 0, 0, 1, tx, ty).Then(Line);

        public void Advance(double tx) => Matrix = new Matrix(1, 0, 0, 1, tx, 0).Then(Matrix);
    }

    /// <summary>A glyph's box (origin at the descent, <c>U</c> along the advance, <c>V</c> up to the ascent) and which
    /// of its 16 sample points were drawn and later covered.</summary>
    private sealed class Glyph((double X, double Y) origin, (double X, double Y) u, (double X, double Y) v)
    {
        public ushort Drawn;
        public ushort Covered;
        public bool Hidden;
        public int Stamp;

        public Box Bounds { get; } = Box.Of([origin, (origin.X + u.X, origin.Y + u.Y), (origin.X + v.X, origin.Y + v.Y), (origin.X + u.X + v.X, origin.Y + u.Y + v.Y)]);

        public (double X, double Y) Sample(int k)
        {
            var s = (k % 4 + 0.5) / 4;
            var t = (k / 4 + 0.5) / 4;
            return (origin.X + u.X * s + v.X * t, origin.Y + u.Y * s + v.Y * t);
        }
    }

    private sealed record Painted(Shape Shape, Colour Colour);

    /// <summary>
    /// Widths (in text space units per unit of font size) and vertical extent of a font's glyphs, from its dictionary:
    /// <c>/Widths</c> (simple fonts, scaled by <c>/FontMatrix</c> for Type 3), <c>/W</c> and <c>/DW</c> of a Type 0
    /// font's descendant (two-byte codes, as Identity-H and nearly every CJK CMap use); a missing width is the
    /// descriptor's <c>/MissingWidth</c>, else 0.6 em for Courier and 0.5 em for others (standard fonts written
    /// without widths).
    /// </summary>
    private sealed class FontMetrics
    {
        public static readonly FontMetrics Unknown = new() { Default = 0.5 };
        private double[]? _widths; // by code; NaN: not given
        private double[]? _simple;
        private int _first;

        public bool TwoByte { get; private init; }
        public double Default { get; private init; }
        public double Ascent { get; private init; } = 0.8;
        public double Descent { get; private init; } = -0.2;

        public double Width(int code)
        {
            if (_simple is not null && code >= _first && code - _first < _simple.Length) return _simple[code - _first];
            if (_widths is not null && code < _widths.Length && !double.IsNaN(_widths[code])) return _widths[code];
            return Default;
        }

        public static FontMetrics Of(PdfDictionary font)
        {
            var subtype = font.Elements.GetName("/Subtype");
            var descriptor = AsDictionary(font.Elements["/FontDescriptor"]);
            if (subtype == "/Type0")
            {
                var cid = AsArray(font.Elements["/DescendantFonts"]) is { Elements.Count: > 0 } d ? AsDictionary(d.Elements[0]) : null;
                descriptor = AsDictionary(cid?.Elements["/FontDescriptor"]);
                var (ascent, descent) = Vertical(descriptor, 0.001);
                var metrics = new FontMetrics
                {
                    TwoByte = true,
                    Default = (cid?.Elements.ContainsKey("/DW") == true ? cid.Elements.GetReal("/DW") : 1000) / 1000,
                    Ascent = ascent,
                    Descent = descent,
                };
                metrics._widths = CidWidths(AsArray(cid?.Elements["/W"]));
                return metrics;
            }

            var scale = 0.001;
            if (subtype == "/Type3" && AsArray(font.Elements["/FontMatrix"]) is { Elements.Count: 6 } fm)
            {
                scale = Number(fm.Elements[0]) is var s && double.IsFinite(s) && s != 0 ? s : 0.001;
            }

            var name = font.Elements.GetName("/BaseFont");
            var fallback = descriptor?.Elements.ContainsKey("/MissingWidth") == true ? descriptor.Elements.GetReal("/MissingWidth") * scale
                : name.Contains("Courier", StringComparison.OrdinalIgnoreCase) ? 0.6 : 0.5;
            var (a, de) = Vertical(descriptor, 0.001);
            var result = new FontMetrics { Default = fallback, Ascent = a, Descent = de };
            if (AsArray(font.Elements["/Widths"]) is { } widths)
            {
                result._first = font.Elements.GetInteger("/FirstChar");
                result._simple = widths.Elements.Take(65536).Select(e => Number(e) is var w && double.IsFinite(w) ? w * scale : fallback).ToArray();
            }

            return result;
        }

        // Ascent and descent from the descriptor when they are plausible, else 0.8 and -0.2 em.
        private static (double Ascent, double Descent) Vertical(PdfDictionary? descriptor, double scale)
        {
            if (descriptor is null) return (0.8, -0.2);
            var ascent = descriptor.Elements.GetReal("/Ascent") * scale;
            var descent = descriptor.Elements.GetReal("/Descent") * scale;
            return ascent is > 0.3 and <= 1.5 && descent is <= 0 and >= -1 ? (ascent, descent) : (0.8, -0.2);
        }

        // [c [w1 w2 …]] and [cFirst cLast w] (ISO 32000-1, 9.7.4.3), for codes below 65,536.
        private static double[]? CidWidths(PdfArray? w)
        {
            if (w is null) return null;
            var result = new List<(int Code, double Width)>();
            var e = w.Elements;
            for (var i = 0; i + 1 < e.Count && result.Count < 65536;)
            {
                var first = (int)Math.Clamp(Number(e[i]), 0, 65535);
                if (AsArray(e[i + 1]) is { } list)
                {
                    for (var k = 0; k < list.Elements.Count && first + k < 65536; k++) result.Add((first + k, Number(list.Elements[k]) / 1000));
                    i += 2;
                }
                else if (i + 2 < e.Count)
                {
                    var last = (int)Math.Clamp(Number(e[i + 1]), first, 65535);
                    var width = Number(e[i + 2]) / 1000;
                    for (var c = first; c <= last && result.Count < 65536; c++) result.Add((c, width));
                    i += 3;
                }
                else
                {
                    break;
                }
            }

            if (result.Count == 0) return null;
            var widths = new double[result.Max(r => r.Code) + 1];
            Array.Fill(widths, double.NaN);
            foreach (var (code, width) in result) widths[code] = double.IsFinite(width) ? width : double.NaN;
            return widths;
        }

        private static double Number(PdfItem? item) => (item is PdfReference r ? r.Value : item) switch
        {
            PdfInteger n => n.Value,
            PdfReal x => x.Value,
            _ => double.NaN,
        };
    }

    /// <summary>A colour as RGB (approximately, for CMYK), or unknown (a pattern, a special colour space, an image).</summary>
    private readonly record struct Colour(bool Known, double R, double G, double B)
    {
        public static readonly Colour Unknown = new(false, 0, 0, 0);
        public static readonly Colour Black = new(true, 0, 0, 0);
        public static readonly Colour White = new(true, 1, 1, 1);

        public static Colour Gray(double g) => new(true, Clamp(g), Clamp(g), Clamp(g));

        public static Colour Rgb(double r, double g, double b) => new(true, Clamp(r), Clamp(g), Clamp(b));

        public static Colour Cmyk(double c, double m, double y, double k) =>
            new(true, (1 - Clamp(c)) * (1 - Clamp(k)), (1 - Clamp(m)) * (1 - Clamp(k)), (1 - Clamp(y)) * (1 - Clamp(k)));

        public static Colour Initial(int components) => components switch
        {
            1 or 3 => Black,
            4 => Cmyk(0, 0, 0, 1),
            _ => Unknown,
        };

        public static Colour FromOperands(OperandList o, int components)
        {
            if (o.Count == 0 || o[^1].Kind != OperandKind.Number || o.Count < components) return Unknown;
            double V(int i) => o[o.Count - components + i].Number;
            return components switch
            {
                1 => Gray(V(0)),
                3 => Rgb(V(0), V(1), V(2)),
                4 => Cmyk(V(0), V(1), V(2), V(3)),
                _ => Unknown,
            };
        }

        // Within 0.05 on each channel: indistinguishable to a reader.
        public bool Matches(Colour other) => Known && other.Known && Math.Abs(R - other.R) <= 0.05 && Math.Abs(G - other.G) <= 0.05 && Math.Abs(B - other.B) <= 0.05;

        private static double Clamp(double x) => double.IsFinite(x) ? Math.Clamp(x, 0, 1) : 0;
    }

    private readonly record struct Matrix(double A, double B, double C, double D, double E, double F)
    {
        public static readonly Matrix Identity = new(1, 0, 0, 1, 0, 0);

        /// <summary>This transformation followed by <paramref name="m"/> (PDF's row-vector order: this × m).</summary>
        public Matrix Then(Matrix m) => new(
            A * m.A + B * m.C, A * m.B + B * m.D,
            C * m.A + D * m.C, C * m.B + D * m.D,
            E * m.A + F * m.C + m.E, E * m.B + F * m.D + m.F);

        public (double X, double Y) Apply(double x, double y) => (x * A + y * C + E, x * B + y * D + F);

        public (double X, double Y) ApplyVector(double x, double y) => (x * A + y * C, x * B + y * D);
    }

    private readonly record struct Box(double X0, double Y0, double X1, double Y1)
    {
        public static readonly Box Infinite = new(double.NegativeInfinity, double.NegativeInfinity, double.PositiveInfinity, double.PositiveInfinity);

        public bool IsInfinite => double.IsInfinity(X0);

        public bool IsFinite => double.IsFinite(X0) && double.IsFinite(Y0) && double.IsFinite(X1) && double.IsFinite(Y1);

        public double Width => X1 - X0;

        public double Height => Y1 - Y0;

        public bool IsEmpty => !(X1 > X0 && Y1 > Y0);

        public bool Contains(double x, double y) => x >= X0 && x <= X1 && y >= Y0 && y <= Y1;

        public bool Overlaps(Box o) => o.X0 <= X1 && o.X1 >= X0 && o.Y0 <= Y1 && o.Y1 >= Y0;

        public Box Intersect(Box o) => new(Math.Max(X0, o.X0), Math.Max(Y0, o.Y0), Math.Min(X1, o.X1), Math.Min(Y1, o.Y1));

        public Box Transform(Matrix m) => Of([m.Apply(X0, Y0), m.Apply(X1, Y0), m.Apply(X0, Y1), m.Apply(X1, Y1)]);

        public static Box Of(ReadOnlySpan<(double X, double Y)> points)
        {
            double x0 = double.PositiveInfinity, y0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y1 = double.NegativeInfinity;
            foreach (var (x, y) in points)
            {
                x0 = Math.Min(x0, x);
                y0 = Math.Min(y0, y);
                x1 = Math.Max(x1, x);
                y1 = Math.Max(y1, y);
            }

            return new Box(x0, y0, x1, y1);
        }
    }

    /// <summary>
    /// A painted area in device space: polygons (curves flattened) with a fill rule — non-zero or even-odd over all
    /// of them, or "any" (a stroke: the union of one quadrilateral per segment) — tested point by point.
    /// </summary>
    private sealed class Shape
    {
        private readonly List<(double X, double Y)[]> _polygons;
        private readonly Box[] _boxes;
        private readonly Rule _rule;

        private enum Rule { NonZero, EvenOdd, Any }

        private Shape(List<(double X, double Y)[]> polygons, Rule rule, Box bounds)
        {
            _polygons = polygons;
            _boxes = polygons.Select(p => Box.Of(p)).ToArray();
            _rule = rule;
            Bounds = bounds;
            Size = Math.Max(1, polygons.Sum(p => p.Length));
        }

        public Box Bounds { get; private set; }

        /// <summary>The number of points: what the shape costs to keep.</summary>
        public int Size { get; }

        /// <summary>The area of the bounding box, clipped (an over-estimate for shapes that are not rectangles).</summary>
        public double Area => Bounds.Width * Bounds.Height;

        public static Shape OfBox(Box b) =>
            new([[(b.X0, b.Y0), (b.X1, b.Y0), (b.X1, b.Y1), (b.X0, b.Y1)]], Rule.NonZero, b);

        public static Shape OfParallelogram(Matrix m)
        {
            (double X, double Y)[] p = [m.Apply(0, 0), m.Apply(1, 0), m.Apply(1, 1), m.Apply(0, 1)];
            return new Shape([p], Rule.NonZero, Box.Of(p));
        }

        public static Shape? Of(List<(double X, double Y)[]> polygons, bool evenOdd, bool any)
        {
            if (polygons.Count == 0) return null;
            var b = Box.Of(polygons.SelectMany(p => p).ToArray());
            return b.IsFinite ? new Shape(polygons, any ? Rule.Any : evenOdd ? Rule.EvenOdd : Rule.NonZero, b) : null;
        }

        /// <summary>The shape limited to the clip's box (what is outside the clip is not painted); null when nothing is left.</summary>
        public Shape? ClipTo(Box clip)
        {
            var b = Bounds.Intersect(clip);
            if (b.IsEmpty) return null;
            Bounds = b;
            return this;
        }

        /// <summary>Whether the point is painted; <paramref name="work"/> grows by the polygons and edges looked at.
        /// A polygon whose box is not level with the point, or lies left of it, crosses no ray to the right, so
        /// only its box is looked at (a table's grid drawn as one path of hundreds of cells stays cheap).</summary>
        public bool Contains(double x, double y, ref long work)
        {
            if (!Bounds.Contains(x, y)) return false;
            int winding = 0, crossings = 0;
            work += _polygons.Count;
            for (var i = 0; i < _polygons.Count; i++)
            {
                var b = _boxes[i];
                if (y < b.Y0 || y > b.Y1 || x > b.X1) continue;
                if (_rule == Rule.Any && x < b.X0) continue;
                work += _polygons[i].Length;
                var w = Winding(_polygons[i], x, y, out var c);
                if (_rule == Rule.Any && w != 0) return true;
                winding += w;
                crossings += c;
            }

            return _rule switch
            {
                Rule.Any => false,
                Rule.EvenOdd => crossings % 2 != 0,
                _ => winding != 0,
            };
        }

        // The winding number of a closed polygon around a point, and how many of its edges a ray to the right crosses.
        private static int Winding((double X, double Y)[] p, double x, double y, out int crossings)
        {
            var winding = 0;
            crossings = 0;
            for (var i = 0; i < p.Length; i++)
            {
                var a = p[i];
                var b = p[(i + 1) % p.Length];
                if (a.Y <= y == b.Y <= y) continue;
                var xAt = a.X + (y - a.Y) * (b.X - a.X) / (b.Y - a.Y);
                if (xAt <= x) continue;
                crossings++;
                winding += b.Y > a.Y ? 1 : -1;
            }

            return winding;
        }
    }

    /// <summary>The current path in user space (subpaths of points, curves flattened into 8 segments each).</summary>
    private sealed class PathBuilder
    {
        private readonly List<List<(double X, double Y)>> _subpaths = [];
        private readonly List<bool> _closed = [];
        private List<(double X, double Y)>? _current;

        public (double X, double Y) Current { get; private set; }

        public int PointCount { get; private set; }

        public bool ClipPending { get; set; }

        public void MoveTo(double x, double y)
        {
            _current = [(x, y)];
            _subpaths.Add(_current);
            _closed.Add(false);
            Current = (x, y);
            Count(1);
        }

        public void LineTo(double x, double y)
        {
            if (_current is null) MoveTo(Current.X, Current.Y);
            _current!.Add((x, y));
            Current = (x, y);
            Count(1);
        }

        public void CurveTo(double x1, double y1, double x2, double y2, double x3, double y3)
        {
            var (x0, y0) = Current;
            for (var i = 1; i <= 8; i++)
            {
                var t = i / 8.0;
                var s = 1 - t;
                LineTo(s * s * s * x0 + 3 * s * s * t * x1 + 3 * s * t * t * x2 + t * t * t * x3,
                    s * s * s * y0 + 3 * s * s * t * y1 + 3 * s * t * t * y2 + t * t * t * y3);
            }
        }

        public void Close()
        {
            if (_current is null) return;
            _closed[^1] = true;
            Current = _current[0];
            _current = null;
        }

        public void Rectangle(double x, double y, double w, double h)
        {
            MoveTo(x, y);
            LineTo(x + w, y);
            LineTo(x + w, y + h);
            LineTo(x, y + h);
            Close();
        }

        public void Reset()
        {
            _subpaths.Clear();
            _closed.Clear();
            _current = null;
            PointCount = 0;
            ClipPending = false;
        }

        public Shape? FillShape(Matrix ctm, bool evenOdd) =>
            Shape.Of(_subpaths.Where(s => s.Count >= 3).Select(s => s.Select(p => ctm.Apply(p.X, p.Y)).ToArray()).ToList(), evenOdd, any: false);

        // One quadrilateral per segment, as wide as the line (joins and caps left out: slightly less than is painted).
        public Shape? StrokeShape(Matrix ctm, double width)
        {
            var quads = new List<(double X, double Y)[]>();
            for (var s = 0; s < _subpaths.Count; s++)
            {
                var points = _subpaths[s];
                var segments = _closed[s] ? points.Count : points.Count - 1;
                for (var i = 0; i < segments; i++)
                {
                    var a = points[i];
                    var b = points[(i + 1) % points.Count];
                    var length = Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y));
                    if (length == 0) continue;
                    var nx = -(b.Y - a.Y) / length * width / 2;
                    var ny = (b.X - a.X) / length * width / 2;
                    quads.Add([ctm.Apply(a.X + nx, a.Y + ny), ctm.Apply(b.X + nx, b.Y + ny), ctm.Apply(b.X - nx, b.Y - ny), ctm.Apply(a.X - nx, a.Y - ny)]);
                }
            }

            return Shape.Of(quads, evenOdd: false, any: true);
        }

        public Box? Bounds(Matrix ctm)
        {
            if (PointCount == 0) return null;
            var b = Box.Of(_subpaths.SelectMany(s => s).Select(p => ctm.Apply(p.X, p.Y)).ToArray());
            return b.IsFinite ? b : null;
        }

        private void Count(int n)
        {
            PointCount += n;
            if (PointCount > MaxPathPoints) throw new TooComplexException();
        }
    }
}
