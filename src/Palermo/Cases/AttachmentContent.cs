using System.Buffers.Binary;
using System.Text;

namespace Palermo.Cases;

/// <summary>The file types a case may hold. The type is decided by the bytes, never by the name or the browser's claim.</summary>
public enum AttachmentType
{
    Pdf = 1,
    Jpeg = 2,
    Png = 3,
    Text = 4,
}

/// <summary>
/// Checks an uploaded file and makes it safe to keep: the content's own signature decides its type (a name or a
/// declared type that disagrees is refused, not trusted), and images lose their metadata (camera, time and the
/// GPS position where a photo was taken) before they are sealed. The image parsers copy segments without decoding
/// a single pixel, so a crafted image cannot reach an image decoder on the server, and the picture is unchanged.
/// </summary>
public static class AttachmentContent
{
    public const int MaxBytes = 4 * 1024 * 1024;
    public const int FileNameMaxLength = 200;

    public static string MediaType(AttachmentType t) => t switch
    {
        AttachmentType.Pdf => "application/pdf",
        AttachmentType.Jpeg => "image/jpeg",
        AttachmentType.Png => "image/png",
        _ => "text/plain; charset=utf-8",
    };

    private static readonly Dictionary<string, AttachmentType> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = AttachmentType.Pdf, [".jpg"] = AttachmentType.Jpeg, [".jpeg"] = AttachmentType.Jpeg, [".png"] = AttachmentType.Png, [".txt"] = AttachmentType.Text,
    };

    private static readonly Dictionary<string, AttachmentType> DeclaredTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/pdf"] = AttachmentType.Pdf, ["image/jpeg"] = AttachmentType.Jpeg, ["image/jpg"] = AttachmentType.Jpeg, ["image/pjpeg"] = AttachmentType.Jpeg,
        ["image/png"] = AttachmentType.Png, ["text/plain"] = AttachmentType.Text,
    };

    // The API's property names (AttachmentInput), so an error names the part of the body at fault; the upload page,
    // whose one file input carries all three, shows them at that input.
    public const string NameField = "fileName";
    public const string TypeField = "contentType";
    public const string ContentField = "content";

    /// <summary>
    /// Validates name, declared type and content; returns the type and the bytes to store (metadata stripped), a PDF
    /// cleaned by <paramref name="pdfCleaner"/> (in the web app, in a limited child process). The only way in: there is
    /// no entry that would clean a PDF in the caller's process behind the cleaner's back.
    /// </summary>
    public static async Task<(AttachmentType Type, byte[] Content, string FileName)> AcceptAsync(string? fileName, string? declaredType, byte[] content,
        PdfCleaner pdfCleaner, CancellationToken ct)
    {
        var (type, name) = Check(fileName, declaredType, content);
        return (type, type == AttachmentType.Pdf ? await CleanPdfAsync(pdfCleaner, content, ct) : Strip(type, content), name);
    }

    // The cleaner speaks of the upload as "file"; here its refusal is about the content, like every other check's.
    private static async Task<byte[]> CleanPdfAsync(PdfCleaner pdfCleaner, byte[] content, CancellationToken ct)
    {
        try
        {
            return await pdfCleaner.CleanAsync(content, ct);
        }
        catch (DomainException ex) when (ex.Field == "file")
        {
            throw new DomainException(ContentField, ex.Message);
        }
    }

    // Images lose their metadata here: the segment copiers are linear in the file and decode nothing.
    private static byte[] Strip(AttachmentType type, byte[] content) => type switch
    {
        AttachmentType.Jpeg => StripJpeg(content),
        AttachmentType.Png => StripPng(content),
        _ => content,
    };

    private static (AttachmentType Type, string FileName) Check(string? fileName, string? declaredType, byte[] content)
    {
        var name = CleanName(fileName);
        if (content.Length == 0) throw new DomainException(ContentField, "The file is empty.");
        if (content.Length > MaxBytes) throw new DomainException(ContentField, $"The file is larger than {MaxBytes / (1024 * 1024)} MB.");
        var sniffed = Sniff(content) ?? throw new DomainException(ContentField, "Only PDF, JPEG, PNG and plain-text (UTF-8) files can be attached.");
        var ext = Path.GetExtension(name);
        if (!Extensions.TryGetValue(ext, out var byName))
        {
            throw new DomainException(NameField, "The file name must end in .pdf, .jpg, .jpeg, .png or .txt.");
        }

        if (byName != sniffed) throw new DomainException(ContentField, $"The file's name says {byName} but its content is {sniffed}; nothing was saved.");
        if (sniffed == AttachmentType.Text && StartsAsMarkup(content))
        {
            throw new DomainException(ContentField, "The file is a web page or other markup (HTML, XML, SVG), not plain text; nothing was saved. Save it as PDF or copy its text.");
        }

        var declared = declaredType?.Split(';')[0].Trim();
        if (!string.IsNullOrEmpty(declared) && !string.Equals(declared, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            if (!DeclaredTypes.TryGetValue(declared, out var byType) || byType != sniffed)
            {
                throw new DomainException(TypeField, $"The file was sent as another type than its content ({sniffed}); nothing was saved.");
            }
        }

        return (sniffed, name);
    }

    /// <summary>The type by the content's signature, or null when it is none of the allowed types.</summary>
    public static AttachmentType? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith("%PDF-"u8)) return AttachmentType.Pdf;
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return AttachmentType.Jpeg;
        if (b.StartsWith(PngSignature)) return AttachmentType.Png;
        return IsPlainText(b) ? AttachmentType.Text : null;
    }

    // Plain text: valid UTF-8 (an optional BOM), no NUL and no control characters other than tab, line breaks and form feed.
    private static bool IsPlainText(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith("\uFEFF"u8)) b = b[3..];
        if (!System.Text.Unicode.Utf8.IsValid(b)) return false;
        foreach (var x in b)
        {
            if (x < 0x20 && x is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C)) return false;
            if (x == 0x7F) return false;
        }

        return true;
    }

    // The HTML and XML signatures a browser's content sniffer acts on (WHATWG MIME Sniffing, "identifying a resource
    // with an unknown MIME type"), plus SVG: each at the start of the file after a BOM and white space, followed by
    // a space or '>' (the tag names) — such a file is a page that runs script wherever a browser opens it, so an
    // HTML file renamed to .txt is refused, while text that merely mentions a tag later on, or starts with "<5", is not.
    private static readonly string[] MarkupTags =
        ["!DOCTYPE HTML", "HTML", "HEAD", "SCRIPT", "IFRAME", "H1", "DIV", "FONT", "TABLE", "A", "STYLE", "TITLE", "B", "BODY", "BR", "P", "!--", "SVG"];

    private static bool StartsAsMarkup(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith("\uFEFF"u8)) b = b[3..];
        while (!b.IsEmpty && b[0] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C) b = b[1..];
        if (b.StartsWith("<?xml"u8)) return true;
        if (b.IsEmpty || b[0] != '<') return false;
        b = b[1..];
        foreach (var tag in MarkupTags)
        {
            if (b.Length > tag.Length && Ascii.EqualsIgnoreCase(b[..tag.Length], tag) && b[tag.Length] is (byte)' ' or (byte)'>') return true;
        }

        return false;
    }

    private static string CleanName(string? fileName)
    {
        // Browsers may send a full path; keep the last part only, and no control characters (they could split a header).
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Trim();
        if (name.Length == 0) throw new DomainException(NameField, "Choose a file to attach.");
        if (name.Length > FileNameMaxLength) throw new DomainException(NameField, $"The file name must be at most {FileNameMaxLength} characters.");
        if (name.Any(char.IsControl)) throw new DomainException(NameField, "The file name contains control characters.");
        return name;
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // PNG chunks kept: the critical ones and ancillary chunks that only describe how to show the pixels. Everything
    // else — tEXt, zTXt, iTXt, eXIf, tIME and any private chunk — is dropped; an allow-list also catches the unknown.
    private static readonly HashSet<string> PngKeep =
        ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB", "cICP", "mDCV", "cLLI", "bKGD", "hIST", "pHYs", "sPLT", "acTL", "fcTL", "fdAT"];

    public static byte[] StripPng(byte[] png)
    {
        var output = new MemoryStream(png.Length);
        output.Write(PngSignature);
        var pos = PngSignature.Length;
        var first = true;
        while (true)
        {
            if (pos + 12 > png.Length) throw Damaged("PNG");
            var length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            if (length > int.MaxValue || pos + 12 + (long)length > png.Length) throw Damaged("PNG");
            var type = Encoding.ASCII.GetString(png, pos + 4, 4);
            if (first && type != "IHDR") throw Damaged("PNG");
            first = false;
            var total = 12 + (int)length;
            if (PngKeep.Contains(type)) output.Write(png, pos, total);
            pos += total;
            if (type == "IEND") return output.ToArray(); // anything after IEND is dropped
        }
    }

    public static byte[] StripJpeg(byte[] jpg)
    {
        var output = new MemoryStream(jpg.Length);
        output.Write([0xFF, 0xD8]);
        var pos = 2;
        while (true)
        {
            // Fill bytes (0xFF repeated) may precede a marker.
            if (pos >= jpg.Length || jpg[pos] != 0xFF) throw Damaged("JPEG");
            while (pos < jpg.Length && jpg[pos] == 0xFF) pos++;
            if (pos >= jpg.Length) throw Damaged("JPEG");
            var marker = jpg[pos++];
            if (marker == 0xD9)
            {
                output.Write([0xFF, 0xD9]);
                return output.ToArray(); // anything after the end of image is dropped
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                output.Write([0xFF, marker]);
                continue;
            }

            if (pos + 2 > jpg.Length) throw Damaged("JPEG");
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpg.AsSpan(pos));
            if (length < 2 || pos + length > jpg.Length) throw Damaged("JPEG");
            var segment = jpg.AsSpan(pos + 2, length - 2);
            switch (marker)
            {
                case 0xE0 when segment.StartsWith("JFIF\0"u8) && segment.Length >= 14:
                    // Keep the JFIF header but not its thumbnail, which can show the uncropped picture.
                    output.Write([0xFF, 0xE0, 0x00, 0x10]);
                    output.Write(segment[..12]);
                    output.Write([0x00, 0x00]);
                    break;
                case 0xEE when segment.StartsWith("Adobe"u8) && segment.Length <= 12:
                    // Adobe's colour-transform flags (no metadata) decide how CMYK/YCCK images decode.
                    output.Write([0xFF, marker]);
                    output.Write(jpg.AsSpan(pos, length));
                    break;
                case >= 0xE0 and <= 0xEF or 0xFE:
                    break; // APPn (EXIF with GPS, XMP, IPTC, ICC, thumbnails) and COM: dropped
                case (>= 0xC0 and <= 0xCF) or 0xDB or 0xDD or 0xDC or 0xDA:
                    output.Write([0xFF, marker]);
                    output.Write(jpg.AsSpan(pos, length));
                    break;
                default:
                    break; // any other marker segment carries nothing needed to show the picture
            }

            pos += length;
            if (marker == 0xDA)
            {
                // Entropy-coded data runs until a marker that is neither a stuffed zero nor a restart marker.
                var start = pos;
                while (pos + 1 < jpg.Length && !(jpg[pos] == 0xFF && jpg[pos + 1] != 0x00 && jpg[pos + 1] is not (>= 0xD0 and <= 0xD7))) pos++;
                if (pos + 1 >= jpg.Length) throw Damaged("JPEG");
                output.Write(jpg, start, pos - start);
            }
        }
    }

    private static DomainException Damaged(string kind) => new(ContentField, $"The {kind} image is damaged or incomplete; nothing was saved.");
}
