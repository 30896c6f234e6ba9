using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.CrossAgency;

public sealed record OwnMatch(string CaseReference, int OtherOrganisations);

public sealed record OwnResolution(string ProjectName, bool Linked, int Submitted, IReadOnlyList<OwnMatch> Matches);

/// <summary>
/// An organisation learns which of its own cases were also recorded elsewhere, and by how many other parties — never
/// which persons or records elsewhere. Only its own positions are mapped back, through its own submission's map.
/// </summary>
public sealed class ResolveOwnMatches(PalermoDbContext db)
{
    public async Task<OwnResolution> HandleAsync(Guid projectId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ReadCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var project = await db.Set<LinkageProject>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, ct) ?? throw new NotFoundException();
        var own = await db.Set<LinkageSubmission>().AsNoTracking().SingleOrDefaultAsync(s => s.ProjectId == projectId && s.OrganisationId == org, ct)
            ?? throw new NotFoundException();
        var result = await db.Set<LinkageResult>().AsNoTracking().Where(r => r.ProjectId == projectId)
            .OrderByDescending(r => r.RunAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var index = result?.SubmissionOrder().ToList().IndexOf(own.Id) ?? -1;
        if (result is null || index < 0) return new OwnResolution(project.Name, false, own.Count, []);

        var map = own.PersonIds();
        var others = new Dictionary<Guid, int>();
        foreach (var g in result.GroupList())
        {
            var mine = g.Where(r => r.Submission == index).ToList();
            if (mine.Count == 0) continue;
            var count = g.Select(r => r.Submission).Where(s => s != index).Distinct().Count();
            foreach (var r in mine.Where(r => r.Position < map.Count)) others[map[r.Position]] = count;
        }

        var personIds = others.Keys.ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => c.OrganisationId == org && personIds.Contains(c.PersonId))
            .Select(c => new { c.Reference, c.PersonId }).ToListAsync(ct);
        var matches = cases.Select(c => new OwnMatch(c.Reference, others[c.PersonId])).OrderBy(m => m.CaseReference, StringComparer.Ordinal).ToList();
        db.Audit(AuditEvent.LinkageResolutionViewed, actor, nameof(LinkageSubmission), own.Id, $"{matches.Count} matched cases");
        await db.SaveChangesAsync(ct);
        return new OwnResolution(project.Name, true, own.Count, matches);
    }
}
