using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.CrossAgency;

public sealed record LinkageProjectSummary(Guid Id, string Name, LinkageProjectState State, DateTime CreatedAt, int Submissions, int? OwnSubmissionCount);

/// <summary>
/// Projects, newest first: the coordinator sees all to run them, an organisation's staff see them to submit and to
/// resolve their own matches. Names of projects are not personal data.
/// </summary>
public sealed class ListLinkageProjects(PalermoDbContext db)
{
    public async Task<IReadOnlyList<LinkageProjectSummary>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.RunLinkage) && !actor.Has(Permission.ReadCases)) throw new NotFoundException();
        var org = actor.OrganisationId;
        var submissions = db.Set<LinkageSubmission>();
        return await db.Set<LinkageProject>().AsNoTracking().OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Select(p => new LinkageProjectSummary(p.Id, p.Name, p.State, p.CreatedAt, submissions.Count(s => s.ProjectId == p.Id),
                submissions.Where(s => s.ProjectId == p.Id && org != null && s.OrganisationId == org).Select(s => (int?)s.Count).FirstOrDefault()))
            .ToListAsync(ct);
    }
}
