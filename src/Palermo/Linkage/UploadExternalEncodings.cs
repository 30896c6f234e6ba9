using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Linkage;
using Palermo.Linkage.Interchange;

namespace Palermo.CrossAgency;

/// <summary>
/// The coordinator adds a clkhash JSON file from an agency outside Palermo. The file is read completely before it is
/// stored: corrupt base64, another filter length or another schema is a field error, never a stored bad input.
/// </summary>
public sealed class UploadExternalEncodings(PalermoDbContext db)
{
    /// <summary>About 100,000 1024-bit encodings in base64 JSON.</summary>
    public const long MaxFileBytes = 20 * 1024 * 1024;

    public async Task<Guid> HandleAsync(Guid projectId, string? label, Stream? file, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.RunLinkage)) throw new NotFoundException();
        var project = await db.Set<LinkageProject>().SingleOrDefaultAsync(p => p.Id == projectId, ct) ?? throw new NotFoundException();
        project.EnsureOpenForSubmissions();
        if (file is null) throw new DomainException("file", "Choose a clkhash JSON file.");
        var content = await ReadBoundedAsync(file, ct);
        ClkData data;
        try
        {
            data = ClkReader.Read(new MemoryStream(content, writable: false), "The file");
        }
        catch (LinkageException ex)
        {
            throw new DomainException("file", ex.Message);
        }

        if (data.Filters.BitLength != ProjectSchema.FilterBits)
        {
            throw new DomainException("file", $"The file holds {data.Filters.BitLength}-bit filters; this project uses {ProjectSchema.FilterBits}-bit filters.");
        }

        if (data.SchemaFingerprint is { } f && f != ProjectSchema.Fingerprint)
        {
            throw new DomainException("file", "The file was encoded with a different linkage schema than this project's.");
        }

        var submission = LinkageSubmission.External(project, label, content, data.Count, actor.UserId, db.UtcNow);
        db.Set<LinkageSubmission>().Add(submission);
        db.Audit(AuditEvent.LinkageExternalFileUploaded, actor, nameof(LinkageSubmission), submission.Id, $"{data.Count} encodings");
        await db.SaveChangesAsync(ct);
        return submission.Id;
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await file.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxFileBytes) throw new DomainException("file", $"The file is larger than {MaxFileBytes / (1024 * 1024)} MB.");
            buffer.Write(chunk, 0, n);
        }

        if (buffer.Length == 0) throw new DomainException("file", "The file is empty.");
        return buffer.ToArray();
    }
}
