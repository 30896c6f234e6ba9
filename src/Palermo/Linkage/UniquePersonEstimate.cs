using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.CrossAgency;

/// <summary>One party of a run: its records and how many of them were also found in at least one other party.</summary>
public sealed record PartyOverlap(Guid? OrganisationId, string Label, int Records, int AlsoElsewhere);

public sealed record UniquePersonEstimateResult(Guid ProjectId, DateTime RunAt, int Records, int UniquePersons, IReadOnlyList<PartyOverlap> Parties);

/// <summary>
/// The feed for the statistics module: the deduplicated person count of a project's latest run and each
/// organisation's overlap with the others, so unique-victim counts can be refined across agencies. Aggregates only.
/// </summary>
public sealed class UniquePersonEstimate(PalermoDbContext db)
{
    public async Task<UniquePersonEstimateResult> HandleAsync(Guid projectId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.RunLinkage) && !actor.Has(Permission.ViewStatistics)) throw new NotFoundException();
        var result = await db.Set<LinkageResult>().AsNoTracking().Where(r => r.ProjectId == projectId)
            .OrderByDescending(r => r.RunAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct) ?? throw new NotFoundException();
        var order = result.SubmissionOrder();
        var submissions = await db.Set<LinkageSubmission>().AsNoTracking().Where(s => s.ProjectId == projectId)
            .Select(s => new { s.Id, s.OrganisationId, s.Label }).ToDictionaryAsync(s => s.Id, ct);
        var sizes = result.SizeList();
        var elsewhere = new int[order.Count];
        foreach (var g in result.GroupList())
        {
            foreach (var r in g) elsewhere[r.Submission]++;
        }

        var parties = order.Select((id, i) => submissions.TryGetValue(id, out var s)
            ? new PartyOverlap(s.OrganisationId, s.Label, sizes[i], elsewhere[i])
            : new PartyOverlap(null, "(removed submission)", sizes[i], elsewhere[i])).ToList();
        db.Audit(AuditEvent.LinkageEstimateRead, actor, nameof(LinkageResult), result.Id);
        await db.SaveChangesAsync(ct);
        return new UniquePersonEstimateResult(projectId, result.RunAt, result.Records, result.UniquePersons, parties);
    }
}
