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
    /// <summary>Records above which the project page queues the run for <see cref="ProcessQueuedLinkageRuns"/> instead of running it in the request.</summary>
    public const int InlineRunMaxRecords = 20_000;

    public async Task<LinkageResult> HandleAsync(Guid projectId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.RunLinkage)) throw new NotFoundException();
        return await RunAsync(projectId, actor, null, ct);
    }

    /// <summary>
    /// The run itself; <paramref name="progress"/> hears (pairs of submissions compared, pairs in all). The background
    /// job calls this with the actor who queued the run, whose permission was checked when queueing.
    /// </summary>
    internal async Task<LinkageResult> RunAsync(Guid projectId, Actor actor, Func<int, int, Task>? progress, CancellationToken ct)
    {
        var project = await db.Set<LinkageProject>().SingleOrDefaultAsync(p => p.Id == projectId, ct) ?? throw new NotFoundException();
        var submissions = await db.Set<LinkageSubmission>().AsNoTracking().Where(s => s.ProjectId == projectId)
            .OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id).ToListAsync(ct);
        if (submissions.Count < 2) throw new DomainException("project", "Linking needs at least two submissions.");
        if (submissions.Count > GreedySolver.MaxInputs) throw new DomainException("project", $"At most {GreedySolver.MaxInputs} submissions can be linked.");

        var filters = submissions.Select(Read).ToList();
        var sizes = filters.Select(f => f.Count).ToArray();
        var edges = new EdgeBuffer(sizes);
        var options = new MatchOptions { Threshold = LinkageDefaults.Threshold };
        int pairs = filters.Count * (filters.Count - 1) / 2, done = 0;
        for (var j = 1; j < filters.Count; j++)
        {
            for (var i = 0; i < j; i++)
            {
                foreach (var p in Matcher.Match(filters[j], filters[i], options))
                {
                    edges.Add(new RecordRef(i, p.Candidate), new RecordRef(j, p.Query), p.Score);
                }

                if (progress is not null) await progress(++done, pairs);
            }
        }

        var solved = GreedySolver.Solve(sizes, edges);
        var groups = new List<IReadOnlyList<(int, int)>>(solved.Count);
        for (var g = 0; g < solved.Count; g++)
        {
            var members = new List<(int, int)>(solved[g].Length);
            foreach (var r in solved[g]) members.Add((r.Input, r.Position));
            groups.Add(members);
        }

        var result = LinkageResult.Create(projectId, LinkageDefaults.Threshold, submissions.Select(s => s.Id).ToList(), sizes, groups, actor.UserId, db.UtcNow);
        db.Set<LinkageResult>().Add(result);
        project.MarkLinked(db.UtcNow);
        if (project.RunQueued) project.EndRun(null);
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
