using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Linkage;
using Palermo.Linkage.Bits;
using Palermo.Linkage.Comparison;
using Palermo.Linkage.Interchange;
using Palermo.Linkage.Solving;

namespace Palermo.CrossAgency;

/// <summary>
/// Links every submission of a project with the library's matcher and greedy solver at the default threshold and
/// stores the groups. Submissions are then frozen, so the stored positions keep meaning what they meant.
/// </summary>
public sealed class RunCrossAgencyLinkage(PalermoDbContext db)
{
    public async Task<LinkageResult> HandleAsync(Guid projectId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.RunLinkage)) throw new NotFoundException();
        var project = await db.Set<LinkageProject>().SingleOrDefaultAsync(p => p.Id == projectId, ct) ?? throw new NotFoundException();
        var submissions = await db.Set<LinkageSubmission>().AsNoTracking().Where(s => s.ProjectId == projectId)
            .OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id).ToListAsync(ct);
        if (submissions.Count < 2) throw new DomainException("project", "Linking needs at least two submissions.");
        if (submissions.Count > GreedySolver.MaxInputs) throw new DomainException("project", $"At most {GreedySolver.MaxInputs} submissions can be linked.");

        var filters = submissions.Select(Read).ToList();
        var sizes = filters.Select(f => f.Count).ToArray();
        var edges = new List<Edge>();
        var options = new MatchOptions { Threshold = LinkageDefaults.Threshold };
        for (var j = 1; j < filters.Count; j++)
        {
            for (var i = 0; i < j; i++)
            {
                foreach (var p in Matcher.Match(filters[j], filters[i], options))
                {
                    edges.Add(new Edge(new RecordRef(i, p.Candidate), new RecordRef(j, p.Query), p.Score));
                }
            }
        }

        var groups = GreedySolver.Solve(sizes, edges)
            .Select(g => (IReadOnlyList<(int, int)>)g.Select(r => (r.Input, r.Position)).ToList()).ToList();
        var result = LinkageResult.Create(projectId, LinkageDefaults.Threshold, submissions.Select(s => s.Id).ToList(), sizes, groups, actor.UserId, db.UtcNow);
        db.Set<LinkageResult>().Add(result);
        project.MarkLinked(db.UtcNow);
        db.Audit(AuditEvent.LinkageRun, actor, nameof(LinkageProject), projectId, $"{submissions.Count} submissions, {result.Records} records");
        await db.SaveChangesAsync(ct);
        return result;
    }

    private static FilterSet Read(LinkageSubmission s)
    {
        ClkData data;
        try
        {
            data = ClkReader.Read(new MemoryStream(s.Encodings, writable: false), s.Label);
        }
        catch (LinkageException ex)
        {
            throw new DomainException("project", ex.Message);
        }

        if (data.Filters.BitLength != ProjectSchema.FilterBits)
        {
            throw new DomainException("project", $"{s.Label} holds {data.Filters.BitLength}-bit filters; this project uses {ProjectSchema.FilterBits}-bit filters.");
        }

        return data.Filters;
    }
}
