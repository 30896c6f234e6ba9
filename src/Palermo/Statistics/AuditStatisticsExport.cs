using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Statistics;

/// <summary>Writes one audit entry per statistics file handed out (web download or command line), naming the
/// format, the years and whether it was unsuppressed; aggregates only, so the detail holds no personal data.</summary>
public sealed class AuditStatisticsExport(PalermoDbContext db)
{
    public async Task HandleAsync(string format, StatisticsResult result, Actor actor, CancellationToken ct = default)
    {
        var unsuppressed = result.Publication.IsUnsuppressed;
        var ev = format == "ctdc" ? AuditEvent.StatisticsCtdcExported
            : unsuppressed ? AuditEvent.StatisticsUnsuppressedExported : AuditEvent.StatisticsExported;
        var cube = result.Cube;
        db.Audit(ev, actor, "Statistics", null, $"format={format} years={cube.FromYear}-{cube.ToYear}{(unsuppressed ? " unsuppressed" : "")}");
        await db.SaveChangesAsync(ct);
    }
}
