using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Cases;

/// <summary>Opens one attachment for download, for someone who may see the person; every download is audited.</summary>
public sealed class DownloadAttachment(PalermoDbContext db, PersonCrypto crypto)
{
    public async Task<AttachmentDownload> HandleAsync(Guid caseId, Guid attachmentId, Actor actor, CancellationToken ct = default)
    {
        var (c, parts) = await CaseAccess.OpenAsync(db, caseId, actor, ct);
        if (!parts.SeesPerson(c)) throw new NotFoundException();
        var a = await db.Set<CaseAttachment>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == attachmentId && x.CaseId == c.Id, ct) ?? throw new NotFoundException();
        var content = a.OpenContent(c.Person.DataKey, crypto) ?? throw new NotFoundException();
        db.Audit(AuditEvent.CaseAttachmentDownloaded, actor, nameof(CaseAttachment), a.Id, $"case {c.Id}");
        await db.SaveChangesAsync(ct);
        return new AttachmentDownload(a.OpenName(c.Person.DataKey, crypto) ?? "attachment", AttachmentContent.MediaType(a.Type), content);
    }
}
