using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace Palermo.Cases;

/// <summary>
/// Removes a PDF's metadata before it is sealed: the document information dictionary (Author, Creator, Producer,
/// Title, Subject, Keywords, dates), every XMP metadata stream (<c>/Metadata</c> on the catalogue, pages, images or
/// any other object), applications' private <c>/PieceInfo</c> data, the EXIF/XMP segments of embedded JPEG
/// images (through the same segment copier as uploaded photos) and the metadata boxes and comments of embedded
/// JPEG 2000 images (<see cref="Jpeg2000Content"/>). PDFsharp (MIT) parses and rewrites the file; the
/// rewrite keeps only objects still reachable from the catalogue, so earlier revisions of an incrementally saved
/// file — with their old metadata — are dropped too. Page content is copied as it is.
/// Beyond metadata, what a PDF can carry outside its pages goes too: who wrote each comment and when (the
/// comment's text stays), embedded files and file attachment comments, the XFA copy of form data (the AcroForm
/// field values stay: the uploader filled them in), JavaScript and Launch actions, digital signature values, and
/// the <c>/LastModified</c> dates of pages and forms. Dynamic XFA forms, whose pages are only a placeholder, are refused, and so are files with optional-content
/// layers switched off when they open (hidden content that cannot be removed without rewriting the pages), and so are
/// files that embed sound, video or 3D media (a recording carries its own metadata, which no PDF-level cleaning reaches),
/// and so are files with text hidden under boxes drawn over it or under redaction marks never applied
/// (<see cref="PdfCoveredText"/>: a "redacted" name that is still in the file).
/// A PDF that cannot be cleaned for certain is refused (the <c>file</c> field), never stored as uploaded:
/// encrypted or password-protected files (their strings cannot be rewritten without the password) and files
/// PDFsharp cannot parse or write.
/// The rewritten file names PDFsharp as its Creator/Producer and carries PDFsharp's own XMP packet (empty title
/// and author, random ids): PDFsharp 6.2 always writes these, and they say nothing about the person or the uploader.
/// </summary>
public static class PdfContent
{
    /// <summary>
    /// Stack for the thread that parses and writes: PDFsharp walks some structures recursively through references
    /// (a page tree nested 24,000 levels deep overflowed an 8 MB stack), and a 4 MB file holds at most ~90,000
    /// objects. 256 MB of address space is reserved, not committed; only what the recursion touches is used.
    /// </summary>
    private const int ParserStackBytes = 256 * 1024 * 1024;

    private static readonly TimeSpan ParserTimeLimit = TimeSpan.FromSeconds(30);

    public static byte[] Strip(byte[] pdf)
    {
        byte[]? cleaned = null;
        Exception? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                cleaned = StripOnThisThread(pdf);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, ParserStackBytes) { IsBackground = true, Name = "pdf-metadata" };
        worker.Start();
        // A file that keeps the parser busy this long is refused; the thread cannot be stopped, but the upload
        // returns and nothing is stored.
        if (!worker.Join(ParserTimeLimit)) throw Unreadable();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return cleaned!;
    }

    private static byte[] StripOnThisThread(byte[] pdf)
    {
        // An /Encrypt entry (trailer or cross-reference stream; never compressed) means strings and streams are
        // encrypted: PDFsharp may open such a file without a password yet could not rewrite its strings.
        if (HasEncryptEntry(pdf)) throw Encrypted();
        // PDFsharp's parser recurses once per nested array or dictionary: a few hundred kilobytes of "[[[[" would
        // overflow the stack and end the whole process (a StackOverflowException cannot be caught). So the nesting
        // is measured first, in the file and inside compressed object streams, and deep files are refused.
        long inflateBudget = MaxInflatedBytes;
        if (!NestingIsShallow(pdf, allowStreams: true, ref inflateBudget)) throw Unreadable();
        var protectedFile = false;
        PdfDocument? doc;
        try
        {
            doc = PdfReader.Open(new MemoryStream(pdf, writable: false), PdfDocumentOpenMode.Modify, args =>
            {
                protectedFile = true;
                args.Abort = true;
            });
        }
        catch (Exception) when (protectedFile)
        {
            throw Encrypted();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // PdfReaderException for a password PDFsharp asks for before the provider, anything else for damage.
            if (ex is PdfReaderException && ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase)) throw Encrypted();
            throw Unreadable();
        }

        if (doc is null || protectedFile) throw Encrypted();
        using (doc)
        {
            try
            {
                if (doc.SecuritySettings.IsEncrypted) throw Encrypted();
                var pages = doc.PageCount;
                var catalog = doc.Internals.Catalog;
                // A dynamic XFA form draws its pages from the XFA data at viewing time; its PDF pages are a
                // placeholder ("please wait…"), so without the XFA (removed below) nothing of the document is left.
                if (catalog.Elements.GetBoolean("/NeedsRendering")) throw DynamicForm();
                var objects = doc.Internals.GetAllObjects();
                if (HidesOptionalContent(catalog, objects)) throw HiddenLayers();
                if (EmbedsMedia(catalog)) throw EmbeddedMedia();
                switch (PdfCoveredText.Find(doc))
                {
                    case PdfCoveredText.Finding.HiddenText or PdfCoveredText.Finding.UnappliedRedaction:
                        throw CoveredText();
                    case PdfCoveredText.Finding.TooComplex:
                        throw Unreadable();
                }

                doc.Info.Elements.Clear();
                CleanCatalog(catalog);
                foreach (var annotation in CollectAnnotations(objects)) StripAuthorship(annotation);
                var seen = new HashSet<PdfObject>(ReferenceEqualityComparer.Instance);
                foreach (var o in objects) Clean(o, seen);
                var output = new MemoryStream(pdf.Length);
                doc.Save(output, closeStream: false);
                var cleaned = output.ToArray();
                // The result must open again with the same pages, or it is not stored.
                using var check = PdfReader.Open(new MemoryStream(cleaned, writable: false), PdfDocumentOpenMode.Import);
                if (check.PageCount != pages) throw Unreadable();
                return cleaned;
            }
            catch (DomainException)
            {
                throw;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw Unreadable();
            }
        }
    }

    // Document-level entries that hold no page content: embedded files (/EmbeddedFiles) and portfolios
    // (/Collection) carry whole documents with their own metadata; document JavaScript runs on opening; the XFA
    // form (and its resources) repeats the form's data as XML, hidden fields included; web capture data
    // (/SpiderInfo, and the /IDS and /URLS name trees) lists the addresses pages were captured from and when — a
    // victim's profile page, a search. The AcroForm itself — field values the uploader filled in, /NeedAppearances —
    // stays.
    private static void CleanCatalog(PdfDictionary catalog)
    {
        catalog.Elements.Remove("/Collection");
        catalog.Elements.Remove("/NeedsRendering");
        catalog.Elements.Remove("/SpiderInfo");
        if (AsDictionary(catalog.Elements["/Names"]) is { } names)
        {
            names.Elements.Remove("/EmbeddedFiles");
            names.Elements.Remove("/JavaScript");
            names.Elements.Remove("/XFAResources");
            names.Elements.Remove("/IDS");
            names.Elements.Remove("/URLS");
        }

        if (AsDictionary(catalog.Elements["/AcroForm"]) is { } form)
        {
            form.Elements.Remove("/XFA");
            // No signature survives the rewrite (below), so the flags announcing signatures go too.
            form.Elements.Remove("/SigFlags");
        }

        // Permissions (/DocMDP, /UR3) are signatures over the original bytes: broken by the rewrite, and they name
        // the signer.
        catalog.Elements.Remove("/Perms");
    }

    // Optional content (layers) that is off when the file opens: a reader sees nothing of it, yet the text and
    // pictures are in the file (a "hidden" layer of notes, an earlier version under the current one). Removing it
    // would mean rewriting every content stream that marks it, so such files are refused instead. Hidden means, in the
    // default configuration (/OCProperties /D): a group listed in /OFF, every group not in /ON under /BaseState /OFF,
    // a group whose own /Usage says /View /ViewState /OFF, and a membership dictionary (/OCMD) — on pages, images,
    // forms, annotations, direct or indirect — that is invisible with the groups in that state (/P /AllOff or
    // /AnyOff, or a /VE expression). Without /OCProperties readers ignore /OC markings: everything shows.
    private static bool HidesOptionalContent(PdfDictionary catalog, PdfObject[] objects)
    {
        if (AsDictionary(catalog.Elements["/OCProperties"]) is not { } properties) return false;
        var off = new HashSet<PdfDictionary>(ReferenceEqualityComparer.Instance);
        var groups = Items(properties.Elements["/OCGs"]).Select(AsDictionary).OfType<PdfDictionary>().ToList();
        if (AsDictionary(properties.Elements["/D"]) is { } config)
        {
            var on = Items(config.Elements["/ON"]).Select(AsDictionary).OfType<PdfDictionary>().ToHashSet(ReferenceEqualityComparer.Instance);
            if (config.Elements.GetName("/BaseState") == "/OFF") off.UnionWith(groups.Where(g => !on.Contains(g)));
            off.UnionWith(Items(config.Elements["/OFF"]).Select(AsDictionary).OfType<PdfDictionary>());
        }

        foreach (var g in groups)
        {
            if (AsDictionary(AsDictionary(g.Elements["/Usage"])?.Elements["/View"])?.Elements.GetName("/ViewState") == "/OFF") off.Add(g);
        }

        if (off.Count > 0) return true;
        foreach (var d in Dictionaries(objects))
        {
            if (d.Elements.GetName("/Type") == "/OCMD" && !IsVisible(d, off)) return true;
        }

        return false;
    }

    // An optional content membership dictionary's visibility for the given "off" groups (ISO 32000-1, 8.11.2.2).
    private static bool IsVisible(PdfDictionary membership, HashSet<PdfDictionary> off)
    {
        if (membership.Elements["/VE"] is { } expression) return Evaluate(expression, off, 0);
        var states = Items(membership.Elements["/OCGs"]).Select(AsDictionary).OfType<PdfDictionary>().Select(g => !off.Contains(g)).ToList();
        if (states.Count == 0) return true; // no group: the dictionary has no effect
        return membership.Elements.GetName("/P") switch
        {
            "/AllOn" => states.All(x => x),
            "/AnyOff" => states.Any(x => !x),
            "/AllOff" => states.All(x => !x),
            _ => states.Any(x => x), // /AnyOn, the default
        };
    }

    // A visibility expression: a group, or [/And e…], [/Or e…], [/Not e]. Nesting is bounded by the pre-check (64).
    private static bool Evaluate(PdfItem item, HashSet<PdfDictionary> off, int depth)
    {
        if (depth > MaxNesting) return false;
        if (AsArray(item) is not { Elements.Count: > 0 } a) return AsDictionary(item) is not { } g || !off.Contains(g);
        var operands = a.Elements.Skip(1).Select(x => Evaluate(x, off, depth + 1)).ToList();
        return (a.Elements[0] as PdfName)?.Value switch
        {
            "/And" => operands.All(x => x),
            "/Or" => operands.Any(x => x),
            "/Not" => operands.Count == 1 && !operands[0],
            _ => false, // not a valid expression: counted as hidden, so the file is refused rather than trusted
        };
    }

    // Sound, video and 3D media played on a page: a recording or a model is a file of its own (MP4/MOV atoms with the
    // phone's GPS position and model, WAV/MP3 tags with names, U3D/PRC authoring data) that no PDF-level cleaning
    // reaches, and on the page it is part of what the document says, so dropping it would silently lose content.
    // Cleaning each container format is out of reach, so such files are refused, as hidden layers are. Media is:
    // a sound stream (a Sound annotation's or Sound action's /Sound), a 3D annotation's /3DD or any 3D stream (/U3D,
    // /PRC), rich media (/RichMediaContent: Flash, video and 3D assets carried as embedded files), a Movie
    // annotation's movie file and a media clip's data (/S /MCD /D, played by a Screen annotation's Rendition action)
    // unless that is only a web address (/FS /URL, nothing embedded): a link to a video online is a link, like a URI
    // action. A plain file path is refused too: it names a file on someone's disk (C:\Users\Olena\…) and plays
    // nothing without it. Only what the rewrite keeps is looked at (objects reachable from the catalogue): an
    // earlier revision's media is dropped with that revision. Screen annotations without media, links and every
    // other annotation are unaffected.
    private static bool EmbedsMedia(PdfDictionary catalog)
    {
        foreach (var d in Reachable(catalog))
        {
            if (AsDictionary(d.Elements["/Sound"])?.Stream is not null) return true;
            if (d.Elements.ContainsKey("/3DD") || d.Elements.ContainsKey("/RichMediaContent")) return true;
            if (d.Stream is not null && d.Elements.GetName("/Subtype") is "/U3D" or "/PRC") return true;
            if (AsDictionary(d.Elements["/Movie"]) is { } movie && !IsWebAddress(movie.Elements["/F"])) return true;
            if (d.Elements.GetName("/S") == "/MCD" && !IsWebAddress(d.Elements["/D"])) return true;
        }

        return false;
    }

    // A file specification that is a URL and nothing more: no embedded or related file streams.
    private static bool IsWebAddress(PdfItem? item) =>
        AsDictionary(item) is { Stream: null } spec && spec.Elements.GetName("/FS") == "/URL"
        && !spec.Elements.ContainsKey("/EF") && !spec.Elements.ContainsKey("/RF");

    // Every dictionary (streams included) reachable from the root, through references, direct dictionaries and arrays.
    private static IEnumerable<PdfDictionary> Reachable(PdfDictionary root)
    {
        var seen = new HashSet<PdfObject>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<PdfItem>([root]);
        while (pending.Count > 0)
        {
            var item = pending.Pop();
            switch (item is PdfReference r ? r.Value : item)
            {
                case PdfDictionary d when seen.Add(d):
                    yield return d;
                    foreach (var v in d.Elements.Values)
                    {
                        if (v is PdfDictionary or PdfArray or PdfReference) pending.Push(v);
                    }

                    break;
                case PdfArray a when seen.Add(a):
                    foreach (var v in a.Elements)
                    {
                        if (v is PdfDictionary or PdfArray or PdfReference) pending.Push(v);
                    }

                    break;
            }
        }
    }

    // A single item or the elements of an array (either may be a reference).
    private static IEnumerable<PdfItem> Items(PdfItem? item) => item is null ? [] : AsArray(item) is { } a ? a.Elements : [item];

    // Every dictionary in the file: the indirect objects and the dictionaries written directly inside them.
    private static IEnumerable<PdfDictionary> Dictionaries(PdfObject[] objects)
    {
        var seen = new HashSet<PdfObject>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<PdfItem>(objects);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case PdfDictionary d when seen.Add(d):
                    yield return d;
                    foreach (var v in d.Elements.Values)
                    {
                        if (v is PdfDictionary or PdfArray) pending.Push(v);
                    }

                    break;
                case PdfArray a when seen.Add(a):
                    foreach (var v in a.Elements)
                    {
                        if (v is PdfDictionary or PdfArray) pending.Push(v);
                    }

                    break;
            }
        }
    }

    // Every annotation of every page (and the pop-up windows they point to). File attachment annotations are taken
    // off their page, with the pop-ups that belong to them: the file and its name and description go with them.
    private static List<PdfDictionary> CollectAnnotations(PdfObject[] objects)
    {
        var annotations = new List<PdfDictionary>();
        foreach (var o in objects)
        {
            if (o is not PdfDictionary page || AsArray(page.Elements["/Annots"]) is not { } annots) continue;
            for (var i = annots.Elements.Count - 1; i >= 0; i--)
            {
                if (AsDictionary(annots.Elements[i]) is not { } a) continue;
                if (IsFileAttachment(a) || a.Elements.GetName("/Subtype") == "/Popup" && IsFileAttachment(AsDictionary(a.Elements["/Parent"])))
                {
                    annots.Elements.RemoveAt(i);
                    continue;
                }

                annotations.Add(a);
                if (AsDictionary(a.Elements["/Popup"]) is { } popup) annotations.Add(popup);
            }
        }

        return annotations;
    }

    private static bool IsFileAttachment(PdfDictionary? annotation) => annotation?.Elements.GetName("/Subtype") == "/FileAttachment";

    // Who wrote a comment and when is metadata; what the comment says (/Contents, /RC) is content and stays. A form
    // field's widget keeps its /T, which there is the field's name, not an author.
    private static void StripAuthorship(PdfDictionary annotation)
    {
        if (annotation.Elements.GetName("/Subtype") != "/Widget") annotation.Elements.Remove("/T");
        annotation.Elements.Remove("/M");
        annotation.Elements.Remove("/CreationDate");
        annotation.Elements.Remove("/NM");
    }

    /// <summary>A dictionary, direct or behind a reference; anything else is null.</summary>
    internal static PdfDictionary? AsDictionary(PdfItem? item) => item switch
    {
        PdfDictionary d => d,
        PdfReference r => r.Value as PdfDictionary,
        _ => null,
    };

    /// <summary>An array, direct or behind a reference; anything else is null.</summary>
    internal static PdfArray? AsArray(PdfItem? item) => item switch
    {
        PdfArray a => a,
        PdfReference r => r.Value as PdfArray,
        _ => null,
    };

    // Objects that go wherever they are referenced, so that the rewrite (which keeps only what is reachable) drops
    // them: actions that run code — JavaScript, any other action carrying a script (/JS, e.g. a Rendition), and
    // Launch (starts a program or opens a file on the reader's machine) — and actions that send or fetch form data
    // (SubmitForm could post what a staff member types to an outside address; ImportData loads data from a file), and
    // actions that open another file by its path (GoToR, a Thread in another file; GoToE targets embedded files, which
    // go): a path like C:\Users\…\passport_Olena.pdf names a person and reaches into the reader's disk — all of
    // these from /OpenAction, /AA triggers, a link's /A or a chained /Next; and file attachment annotations
    // from a reply's /IRT, a pop-up's /Parent or the structure tree, not only from the page; and digital signature
    // values (a signature field's /V): they carry the signer's name, certificate, place, reason, contact and time,
    // and a signature no longer verifies once the file is rewritten anyway. The signature field and its visible
    // appearance stay.
    private static bool IsRemoved(PdfItem? item) =>
        AsDictionary(item) is { } d && (d.Elements.GetName("/S") is "/JavaScript" or "/Launch" or "/SubmitForm" or "/ImportData" or "/GoToR" or "/GoToE"
            || (d.Elements.GetName("/S") == "/Thread" && d.Elements.ContainsKey("/F"))
            || (d.Elements.ContainsKey("/S") && d.Elements.ContainsKey("/JS")) || IsFileAttachment(d)
            || d.Elements.GetName("/Type") is "/Sig" or "/DocTimeStamp" || d.Elements.ContainsKey("/ByteRange"));

    // Walks an object and the direct (not referenced) dictionaries and arrays inside it; referenced objects are
    // visited on their own from the object table.
    private static void Clean(PdfItem item, HashSet<PdfObject> seen)
    {
        switch (item)
        {
            case PdfDictionary d when seen.Add(d):
                d.Elements.Remove("/Metadata");
                d.Elements.Remove("/PieceInfo");
                // The date a page or form was last changed goes with the private data it dates.
                d.Elements.Remove("/LastModified");
                // File specifications lose the embedded file streams (/EF, /RF), and PDF 2.0 associated files (/AF)
                // go, wherever they sit: a portfolio, an embedded-go-to link, a page's associated files. (Media played
                // on a page — movies, rich media, 3D — refused the file already: see EmbedsMedia.)
                d.Elements.Remove("/EF");
                d.Elements.Remove("/RF");
                d.Elements.Remove("/AF");
                foreach (var key in d.Elements.Keys.ToList())
                {
                    if (IsRemoved(d.Elements[key])) d.Elements.Remove(key);
                }

                if (d.Stream is not null && d.Elements.GetName("/Subtype") == "/Image") StripImage(d);

                foreach (var key in d.Elements.Keys.ToList())
                {
                    if (d.Elements[key] is PdfDictionary or PdfArray) Clean(d.Elements[key]!, seen);
                }

                break;
            case PdfArray a when seen.Add(a):
                for (var i = a.Elements.Count - 1; i >= 0; i--)
                {
                    if (IsRemoved(a.Elements[i])) a.Elements.RemoveAt(i);
                }

                foreach (var x in a.Elements)
                {
                    if (x is PdfDictionary or PdfArray) Clean(x, seen);
                }

                break;
        }
    }

    /// <summary>
    /// An image XObject whose last filter is /DCTDecode or /JPXDecode holds a JPEG or JPEG 2000 file, which carries
    /// EXIF, XMP and GPS like a photo: those go, the picture stays. Filters before it (/FlateDecode around the JPEG,
    /// as some producers write; ASCIIHex, ASCII85) are undone first and not written again, so the image is stored
    /// under its own filter alone, with that filter's own parameters. An image that cannot be decoded or stripped
    /// refuses the file.
    /// Other images are raw samples (Flate, LZW, run-length, CCITT, JBIG2) with no room for metadata beyond the
    /// dictionary entries already cleaned.
    /// </summary>
    private static void StripImage(PdfDictionary d)
    {
        var filters = d.Elements["/Filter"] switch
        {
            PdfName name => [name.Value],
            PdfArray a => a.Elements.Select(e => (e as PdfName)?.Value).ToList(),
            _ => [],
        };
        if (filters.Count == 0 || filters[^1] is not ("/DCTDecode" or "/JPXDecode")) return;
        var parms = d.Elements["/DecodeParms"] is PdfArray pa ? pa.Elements.Select(e => e as PdfDictionary).ToList() : [d.Elements["/DecodeParms"] as PdfDictionary];
        try
        {
            var bytes = d.Stream!.Value;
            var budget = MaxInflatedBytes;
            for (var i = 0; i < filters.Count - 1; i++)
            {
                // Transport filters only, without parameters (a predictor on a JPEG makes no sense); Flate is inflated
                // here, with a cap, as a few kilobytes can inflate to gigabytes; the ASCII encodings only shrink.
                if (i < parms.Count && parms[i] is not null) throw Unreadable();
                bytes = filters[i] switch
                {
                    "/FlateDecode" => Inflate(bytes, ref budget)?.ToArray() ?? throw Unreadable(),
                    "/ASCIIHexDecode" or "/ASCII85Decode" => PdfSharp.Pdf.Filters.Filtering.Decode(bytes, filters[i]!) ?? throw Unreadable(),
                    _ => throw Unreadable(),
                };
            }

            d.Stream.Value = filters[^1] == "/DCTDecode" ? AttachmentContent.StripJpeg(bytes) : Jpeg2000Content.Strip(bytes);
        }
        catch (DomainException)
        {
            throw Unreadable();
        }

        if (filters.Count > 1)
        {
            d.Elements.SetName("/Filter", filters[^1]!);
            var own = parms.Count == filters.Count ? parms[^1] : null;
            if (own is null) d.Elements.Remove("/DecodeParms");
            else d.Elements["/DecodeParms"] = own;
        }

        d.Elements.SetInteger(PdfDictionary.PdfStream.Keys.Length, d.Stream.Value.Length);
    }

    /// <summary>
    /// A Flate stream inflated, taking what it yields from <paramref name="budget"/>; null when it is damaged or would
    /// go past the budget (a few kilobytes can inflate to gigabytes).
    /// </summary>
    private static MemoryStream? Inflate(ReadOnlySpan<byte> data, ref long budget)
    {
        try
        {
            using var inflater = new System.IO.Compression.ZLibStream(new MemoryStream(data.ToArray()), System.IO.Compression.CompressionMode.Decompress);
            var output = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = inflater.Read(buffer)) > 0)
            {
                budget -= n;
                if (budget < 0) return null;
                output.Write(buffer, 0, n);
            }

            return output;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Deeper than any real document (they nest a handful of levels), far below what the parser survives.</summary>
    public const int MaxNesting = 64;

    /// <summary>How much object-stream content may be inflated to check it (a zip bomb is refused, not expanded).</summary>
    private const long MaxInflatedBytes = 64L * 1024 * 1024;

    /// <summary>
    /// A lexical pass with PDF's own rules (comments, literal and hex strings, names, the stream keyword) that
    /// measures the nesting of arrays and dictionaries outside stream data, and inside object streams (/ObjStm),
    /// which the parser inflates and parses too. False when too deep, or when an object stream cannot be checked
    /// (a filter other than FlateDecode, predictors, too large, damaged). Stream data is skipped up to the first
    /// "endstream"; binary data that contains that word is then scanned as tokens, which can only over-count.
    /// </summary>
    internal static bool NestingIsShallow(ReadOnlySpan<byte> b, bool allowStreams, ref long inflateBudget)
    {
        int depth = 0, dictStart = -1, dictEnd = -1, i = 0;
        while (i < b.Length)
        {
            var c = b[i];
            switch (c)
            {
                case (byte)'%':
                    while (i < b.Length && b[i] is not ((byte)'\n' or (byte)'\r')) i++;
                    break;
                case (byte)'(':
                    i = SkipLiteralString(b, i);
                    break;
                case (byte)'[':
                    if (++depth > MaxNesting) return false;
                    i++;
                    break;
                case (byte)']':
                    if (depth > 0) depth--;
                    i++;
                    break;
                case (byte)'<' when i + 1 < b.Length && b[i + 1] == (byte)'<':
                    if (depth == 0) dictStart = i;
                    if (++depth > MaxNesting) return false;
                    i += 2;
                    break;
                case (byte)'<':
                    while (i < b.Length && b[i] != (byte)'>') i++; // a hex string
                    i++;
                    break;
                case (byte)'>' when i + 1 < b.Length && b[i + 1] == (byte)'>':
                    if (depth > 0) depth--;
                    i += 2;
                    if (depth == 0) dictEnd = i;
                    break;
                case (byte)'s' when IsStreamKeyword(b, i):
                    if (!allowStreams) return false;
                    var start = i + 6;
                    if (start < b.Length && b[start] == (byte)'\r') start++;
                    if (start < b.Length && b[start] == (byte)'\n') start++;
                    var length = b[start..].IndexOf("endstream"u8);
                    if (length < 0) return false;
                    var dict = dictStart >= 0 && dictEnd > dictStart && dictEnd <= i ? b[dictStart..dictEnd] : [];
                    if (dict.IndexOf("/ObjStm"u8) >= 0 && !ObjectStreamIsShallow(dict, b.Slice(start, length), ref inflateBudget)) return false;
                    i = start + length + "endstream".Length;
                    break;
                default:
                    i++;
                    break;
            }
        }

        return true;
    }

    private static bool ObjectStreamIsShallow(ReadOnlySpan<byte> dict, ReadOnlySpan<byte> data, ref long inflateBudget)
    {
        if (dict.IndexOf("/DecodeParms"u8) >= 0 || dict.IndexOf("/DP"u8) >= 0) return false;
        var flate = dict.IndexOf("/FlateDecode"u8) >= 0 || dict.IndexOf("/Fl"u8) >= 0;
        if (!flate) return dict.IndexOf("/Filter"u8) < 0 && NestingIsShallow(data, allowStreams: false, ref inflateBudget);
        // Only FlateDecode: any other filter name in the dictionary means a chain this check does not decode.
        foreach (var other in new[] { "/ASCIIHex"u8.ToArray(), "/ASCII85"u8.ToArray(), "/LZW"u8.ToArray(), "/RunLength"u8.ToArray(), "/Crypt"u8.ToArray(), "/AHx"u8.ToArray(), "/A85"u8.ToArray(), "/RL"u8.ToArray() })
        {
            if (dict.IndexOf(other) >= 0) return false;
        }

        var inflated = Inflate(data, ref inflateBudget);
        return inflated is not null && NestingIsShallow(inflated.GetBuffer().AsSpan(0, (int)inflated.Length), allowStreams: false, ref inflateBudget);
    }

    // "stream" as a keyword: not part of a name or a longer word, and followed by an end of line.
    private static bool IsStreamKeyword(ReadOnlySpan<byte> b, int i)
    {
        if (!b[i..].StartsWith("stream"u8)) return false;
        if (i > 0 && !IsWhiteOrDelimiter(b[i - 1])) return false;
        if (i > 0 && b[i - 1] == (byte)'/') return false;
        return i + 6 < b.Length && b[i + 6] is (byte)'\r' or (byte)'\n';
    }

    private static bool IsWhiteOrDelimiter(byte x) => x is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or (byte)'\f' or 0
        or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'(' or (byte)')' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    // A literal string: balanced parentheses, a backslash escapes the next byte. Returns the index after it.
    private static int SkipLiteralString(ReadOnlySpan<byte> b, int i)
    {
        var open = 0;
        for (; i < b.Length; i++)
        {
            if (b[i] == (byte)'\\') i++;
            else if (b[i] == (byte)'(') open++;
            else if (b[i] == (byte)')' && --open == 0) return i + 1;
        }

        return b.Length;
    }

    private static bool HasEncryptEntry(ReadOnlySpan<byte> pdf)
    {
        var name = "/Encrypt"u8;
        for (var i = pdf.IndexOf(name); i >= 0; )
        {
            var end = i + name.Length;
            // "/Encrypt" as a whole name: followed by white space or a delimiter, not "/EncryptMetadata".
            if (end >= pdf.Length || pdf[end] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or (byte)'\f' or 0 or (byte)'<' or (byte)'[' or (byte)'/' or (byte)'(') return true;
            var next = pdf[end..].IndexOf(name);
            i = next < 0 ? -1 : end + next;
        }

        return false;
    }

    /// <summary>Which of the refusals above a <see cref="DomainException"/> from <see cref="Strip"/> is (null: another
    /// error). The child process that cleans uploads reports it as its exit code (<see cref="PdfCleaner"/>).</summary>
    internal static PdfRefusal? RefusalOf(DomainException ex) =>
        ex.Message == Encrypted().Message ? PdfRefusal.Encrypted
        : ex.Message == DynamicForm().Message ? PdfRefusal.DynamicForm
        : ex.Message == Unreadable().Message ? PdfRefusal.Unreadable
        : ex.Message == HiddenLayers().Message ? PdfRefusal.HiddenLayers
        : ex.Message == EmbeddedMedia().Message ? PdfRefusal.EmbeddedMedia
        : ex.Message == CoveredText().Message ? PdfRefusal.CoveredText
        : null;

    internal static DomainException Refusal(PdfRefusal reason) => reason switch
    {
        PdfRefusal.Encrypted => Encrypted(),
        PdfRefusal.DynamicForm => DynamicForm(),
        PdfRefusal.HiddenLayers => HiddenLayers(),
        PdfRefusal.EmbeddedMedia => EmbeddedMedia(),
        PdfRefusal.CoveredText => CoveredText(),
        _ => Unreadable(),
    };

    private static DomainException Encrypted() =>
        new("file", "Password-protected or encrypted PDF files cannot be attached: their hidden details cannot be removed. Save an unprotected copy and attach that.");

    private static DomainException DynamicForm() =>
        new("file", "PDF forms whose pages are drawn from XFA form data (dynamic forms) cannot be attached: their hidden form data cannot be removed without emptying the pages. Print the form to a new PDF and attach that.");

    private static DomainException HiddenLayers() =>
        new("file", "PDF files with hidden layers (optional content switched off when the file opens) cannot be attached: a hidden layer can hold text or pictures no one sees. Make every layer visible or delete the hidden ones, print to a new PDF and attach that.");

    private static DomainException EmbeddedMedia() =>
        new("file", "PDF files with embedded sound, video or 3D media cannot be attached: a recording or model carries its own hidden details (where, when and with which device it was made) that cannot be removed. Print the document to a new PDF, which keeps the pages without the media, and attach that.");

    private static DomainException CoveredText() =>
        new("file", "This PDF has text hidden under drawn boxes (or areas marked for redaction that were never applied): a box drawn over text does not remove it, and anyone can still copy the text out of the file. Use a real redaction tool, or print the document to a new PDF as an image, and attach that.");

    private static DomainException Unreadable() =>
        new("file", "The PDF file is damaged or uses features that cannot be cleaned of hidden details; nothing was saved.");
}

/// <summary>Why a PDF was refused, as the cleaning child process reports it.</summary>
internal enum PdfRefusal
{
    Encrypted = 1,
    DynamicForm = 2,
    Unreadable = 3,
    HiddenLayers = 4,
    EmbeddedMedia = 5,
    CoveredText = 6,
}
