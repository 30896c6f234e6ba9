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
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

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
    [InlineData("empty.txt", "text/plain", 0, "The file is empty.")]
    [InlineData("photo.png", "image/png", 1, "content is Pdf")] // a PDF named .png
    [InlineData("scan.pdf", "image/png", 1, "another type")] // name right, declared type lies
    [InlineData("run.exe", "application/octet-stream", 2, "Only PDF, JPEG, PNG")] // an executable
    [InlineData("notes.docx", "application/pdf", 1, "must end in")]
    public async Task BadFiles_AreRefusedOnTheFileField_AndNothingIsSaved(string name, string type, int kind, string message)
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var content = kind switch { 0 => [], 1 => Pdf, _ => "MZ\u0090\0\u0003\0\0\0"u8.ToArray() };
        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new(name, type, content), w.NgoWorker)));
        Assert.Equal("file", ex.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(name, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await t.With(sp => sp.Db().Set<CaseAttachment>().CountAsync()));
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.CaseAttachmentAdded)));
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
        Assert.Equal("file", ex.Field);
        Assert.Contains("larger than 4 MB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jpeg_LosesExifGpsCommentsAndThumbnail_KeepsEveryPixelSegment()
    {
        var jpeg = Jpeg(out var pixelSegments);
        Assert.Equal(AttachmentType.Jpeg, AttachmentContent.Sniff(jpeg));
        var (type, stored, _) = AttachmentContent.Accept("IMG_0001.JPG", "image/jpeg", jpeg);
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
        var (type, stored, _) = AttachmentContent.Accept("scan.png", null, png);
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
        var (type, stored, _) = AttachmentContent.Accept("statement.pdf", "application/pdf", original);
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
    public void Pdf_ThatCannotBeCleaned_IsRefusedNotStoredAsUploaded()
    {
        foreach (var bad in new[] { Pdf, "%PDF-1.7 nothing else"u8.ToArray(), TestPdf.WithMetadata()[..200] })
        {
            var ex = Assert.Throws<DomainException>(() => AttachmentContent.Accept("a.pdf", "application/pdf", bad));
            Assert.Equal("file", ex.Field);
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
            Assert.Equal("file", Assert.Throws<DomainException>(() => AttachmentContent.Accept("a.pdf", "application/pdf", bomb)).Field);
        }

        // A page tree nested as deep as 4 MB allows: PDFsharp recurses through it, on a thread with a large stack.
        var tree = TestPdf.DeepPageTree(38_000);
        Assert.True(tree.Length <= AttachmentContent.MaxBytes);
        var (_, cleanedTree, _) = AttachmentContent.Accept("tree.pdf", "application/pdf", tree);
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
            var encrypted = Assert.Throws<DomainException>(() => AttachmentContent.Accept("a.pdf", "application/pdf", locked));
            Assert.Equal("file", encrypted.Field);
            Assert.Contains("encrypted", encrypted.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DamagedImages_AreRefused()
    {
        var jpeg = Jpeg(out _);
        Assert.Equal("file", Assert.Throws<DomainException>(() => AttachmentContent.Accept("a.jpg", "image/jpeg", jpeg[..40])).Field);
        var png = Png();
        var lying = (byte[])png.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(lying.AsSpan(8), 0x7FFFFFF0); // IHDR claims a huge length
        Assert.Equal("file", Assert.Throws<DomainException>(() => AttachmentContent.Accept("a.png", "image/png", lying)).Field);
        Assert.Equal("file", Assert.Throws<DomainException>(() => AttachmentContent.Accept("a.png", "image/png", png[..30])).Field);
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
