using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace Palermo.Cases;

/// <summary>
/// Removes a PDF's metadata before it is sealed: the document information dictionary (Author, Creator, Producer,
/// Title, Subject, Keywords, dates), every XMP metadata stream (<c>/Metadata</c> on the catalogue, pages, images or
/// any other object), applications' private <c>/PieceInfo</c> data, and the EXIF/XMP segments of embedded JPEG
/// images (through the same segment copier as uploaded photos). PDFsharp (MIT) parses and rewrites the file; the
/// rewrite keeps only objects still reachable from the catalogue, so earlier revisions of an incrementally saved
/// file — with their old metadata — are dropped too. Page content is copied as it is.
/// A PDF that cannot be cleaned for certain is refused (the <c>file</c> field), never stored as uploaded:
/// encrypted or password-protected files (their strings cannot be rewritten without the password) and files
/// PDFsharp cannot parse or write.
/// The rewritten file names PDFsharp as its Creator/Producer and carries PDFsharp's own XMP packet (empty title
/// and author, random ids): PDFsharp 6.2 always writes these, and they say nothing about the person or the uploader.
/// </summary>
public static class PdfContent
{
    public static byte[] Strip(byte[] pdf)
    {
        // An /Encrypt entry (trailer or cross-reference stream; never compressed) means strings and streams are
        // encrypted: PDFsharp may open such a file without a password yet could not rewrite its strings.
        if (HasEncryptEntry(pdf)) throw Encrypted();
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
                doc.Info.Elements.Clear();
                var seen = new HashSet<PdfObject>(ReferenceEqualityComparer.Instance);
                foreach (var o in doc.Internals.GetAllObjects()) Clean(o, seen);
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

    // Walks an object and the direct (not referenced) dictionaries and arrays inside it; referenced objects are
    // visited on their own from the object table.
    private static void Clean(PdfItem item, HashSet<PdfObject> seen)
    {
        switch (item)
        {
            case PdfDictionary d when seen.Add(d):
                d.Elements.Remove("/Metadata");
                d.Elements.Remove("/PieceInfo");
                if (d.Stream is { } s && IsJpegImage(d))
                {
                    try
                    {
                        s.Value = AttachmentContent.StripJpeg(s.Value);
                    }
                    catch (DomainException)
                    {
                        throw Unreadable();
                    }

                    d.Elements.SetInteger(PdfDictionary.PdfStream.Keys.Length, s.Value.Length);
                }

                foreach (var key in d.Elements.Keys.ToList())
                {
                    if (d.Elements[key] is PdfDictionary or PdfArray) Clean(d.Elements[key]!, seen);
                }

                break;
            case PdfArray a when seen.Add(a):
                foreach (var x in a.Elements)
                {
                    if (x is PdfDictionary or PdfArray) Clean(x, seen);
                }

                break;
        }
    }

    // An image XObject whose stream is a plain JPEG file (only the DCTDecode filter): its bytes carry EXIF like a photo.
    private static bool IsJpegImage(PdfDictionary d)
    {
        if (d.Elements.GetName("/Subtype") != "/Image") return false;
        var filter = d.Elements["/Filter"];
        return filter is PdfName { Value: "/DCTDecode" }
            || filter is PdfArray { Elements.Count: 1 } a && a.Elements[0] is PdfName { Value: "/DCTDecode" };
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

    private static DomainException Encrypted() =>
        new("file", "Password-protected or encrypted PDF files cannot be attached: their hidden details cannot be removed. Save an unprotected copy and attach that.");

    private static DomainException Unreadable() =>
        new("file", "The PDF file is damaged or uses features that cannot be cleaned of hidden details; nothing was saved.");
}
