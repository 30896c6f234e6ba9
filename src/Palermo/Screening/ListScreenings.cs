using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Screening;

public sealed class ListScreenings(PalermoDbContext db)
{
    public const int Limit = 200;

    /// <summary>The actor's organisation's screenings, newest first.</summary>
    public async Task<IReadOnlyList<ScreeningSummary>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!ScreeningAccess.MayRead(actor)) throw new NotFoundException();
        var rows = await db.Set<Screening>().AsNoTracking().VisibleTo(actor)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Take(Limit).ToListAsync(ct);
        return rows.Select(s => new ScreeningSummary(s.Id, s.CreatedAt, s.ListId, s.ListVersion, s.SubjectGroup, s.Exploitation, s.Outcome,
            ScreeningAssessment.Describe(s.Outcome), s.PositiveDimensions, s.ForcedLabourIndicatorIds.Length, s.CaseId)).ToList();
    }
}
