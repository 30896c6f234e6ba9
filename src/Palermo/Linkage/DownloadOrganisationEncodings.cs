using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.CrossAgency;

public sealed record EncodingsFile(string FileName, byte[] Content);

/// <summary>
/// An organisation downloads its own submission as clkhash JSON, for a linkage run outside Palermo (anonlink or
/// `palermo linkage run`). Only the organisation's own file; never the position map.
/// </summary>
public sealed class DownloadOrganisationEncodings(PalermoDbContext db)
{
    public async Task<EncodingsFile> HandleAsync(Guid projectId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var s = await db.Set<LinkageSubmission>().AsNoTracking().SingleOrDefaultAsync(x => x.ProjectId == projectId && x.OrganisationId == org, ct)
            ?? throw new NotFoundException();
        db.Audit(AuditEvent.LinkageEncodingsDownloaded, actor, nameof(LinkageSubmission), s.Id, $"{s.Count} encodings");
        await db.SaveChangesAsync(ct);
        return new EncodingsFile($"linkage-{projectId:N}.json", s.Encodings);
    }
}
