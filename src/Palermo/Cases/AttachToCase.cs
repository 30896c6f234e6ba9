using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Referrals;

namespace Palermo.Cases;

public sealed record AttachmentInput(string? FileName, string? ContentType, byte[]? Content);

/// <summary>
/// Attaches a file to a case: checked, stripped of metadata (a PDF in a limited child process, PdfCleaner) and sealed
/// before it is stored. The audit entry records the type and size, never the file name.
/// </summary>
public sealed class AttachToCase(PalermoDbContext db, PersonCrypto crypto, PdfCleaner pdfCleaner)
{
    public async Task<CaseAttachmentView> HandleAsync(Guid caseId, AttachmentInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases)) throw new NotFoundException();
        var (c, parts) = await CaseAccess.OpenAsync(db, caseId, actor, ct);
        if (!parts.HasFlag(SharedParts.Identity)) throw new NotFoundException();
        CaseAttachment.EnsureMayAdd(c, actor);
        // A PDF is cleaned in a limited child process (PdfCleaner): a hostile file cannot stall or exhaust this one.
        var accepted = await AttachmentContent.AcceptAsync(input.FileName, input.ContentType, input.Content ?? [], pdfCleaner, ct);
        var a = CaseAttachment.Add(c, accepted, actor, crypto, db.UtcNow);
        db.Set<CaseAttachment>().Add(a);
        db.Audit(AuditEvent.CaseAttachmentAdded, actor, nameof(CaseAttachment), a.Id, $"case {c.Id}: {a.Type}, {a.Size} bytes");
        await db.SaveChangesAsync(ct);
        return new CaseAttachmentView(a.Id, a.CreatedAt, a.UploadedByOrganisationId, a.Type, a.Size, a.OpenName(c.Person.DataKey, crypto)!);
    }

    /// <summary>The attachments of a case without their content; names opened with the person's key. The caller audits.</summary>
    internal static async Task<IReadOnlyList<CaseAttachmentView>> ListAsync(PalermoDbContext db, PersonCrypto crypto, Case c, CancellationToken ct)
    {
        if (c.Person.IsErased) return [];
        var rows = await db.Set<CaseAttachment>().AsNoTracking().Where(a => a.CaseId == c.Id).OrderByDescending(a => a.CreatedAt)
            .Select(a => new { a.Id, a.CreatedAt, a.UploadedByOrganisationId, a.Type, a.Size, a.FileName }).ToListAsync(ct);
        return rows.Select(r => new CaseAttachmentView(r.Id, r.CreatedAt, r.UploadedByOrganisationId, r.Type, r.Size,
            crypto.Open(c.Person.DataKey, "attachmentName:" + r.Id.ToString("N"), r.FileName) ?? "")).ToList();
    }
}
