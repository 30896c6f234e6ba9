using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Audit;

/// <summary>An account that opened more cases today than it usually does (today: the UTC day so far).</summary>
public sealed record UnusualReading(Guid AccountId, string Account, int CasesToday, double UsualPerDay);

/// <summary>
/// Warns the data protection officer of an account of the organisation that opened many more different cases today
/// than it usually does: an insider collecting victims' whereabouts for traffickers browses in a way the audit log
/// records but nobody reads in time. An account is named when today's count of different cases whose page or notes it
/// opened is at least the floor (<c>Palermo:UnusualReadingFloor</c>, default <see cref="DefaultFloor"/>) and more
/// than the factor (<c>Palermo:UnusualReadingFactor</c>, default <see cref="DefaultFactor"/>) times its average day
/// over the <see cref="BaselineDays"/> days before (a new account has an average of zero, so the floor alone
/// applies). Notes count because the API reads them without opening the case page. Counts of ids only; the check
/// reads the organisation's case and notes reads of the last month through the (organisation, event, sequence) index.
/// </summary>
public sealed class FindUnusualReading(PalermoDbContext db, PalermoSettings settings)
{
    public const int DefaultFloor = 25;
    public const int DefaultFactor = 3;
    public const int BaselineDays = 30;

    public async Task<IReadOnlyList<UnusualReading>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ViewAuditLog) || actor.OrganisationId is not { } org) throw new NotFoundException();

        var today = db.UtcNow.Date;
        var start = today.AddDays(-BaselineDays);
        // The log is written in time order, so the month becomes a range of sequence numbers on the index (as in
        // AuditLogFilter); the time condition stays for entries written across a clock's millisecond skew.
        var first = await AuditLogFilter.FirstAtOrAfterAsync(db, start, ct);
        var from = first ?? long.MaxValue;

        var days = await db.AuditEntries.AsNoTracking()
            .Where(e => e.OrganisationId == org && (e.Event == AuditEvent.CaseRead || e.Event == AuditEvent.CaseNotesRead) && e.Sequence >= from && e.At >= start && e.ActorId != null)
            .GroupBy(e => new { e.ActorId, Day = e.At.Date })
            .Select(g => new { g.Key.ActorId, g.Key.Day, Cases = g.Select(e => e.EntityId).Distinct().Count() })
            .ToListAsync(ct);

        var flagged = days.GroupBy(d => d.ActorId!.Value)
            .Select(a => (Account: a.Key, Today: a.Where(d => d.Day == today).Sum(d => d.Cases), Usual: a.Where(d => d.Day < today).Sum(d => d.Cases) / (double)BaselineDays))
            .Where(a => a.Today >= settings.UnusualReadingFloor && a.Today > settings.UnusualReadingFactor * a.Usual)
            .OrderByDescending(a => a.Today).ToList();
        var ids = flagged.Select(f => f.Account).ToList();
        var addresses = ids.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.OrganisationId == org).ToDictionaryAsync(u => u.Id, u => u.Email ?? "", ct);
        // Looking at colleagues' activity is on the record like any reading of the log: how many were named, not who.
        db.Audit(AuditEvent.AuditLogRead, actor, purpose: $"unusual reading check; accounts named: {flagged.Count}");
        await db.SaveChangesAsync(ct);
        return flagged.Select(f => new UnusualReading(f.Account, addresses.GetValueOrDefault(f.Account, "an account since removed"), f.Today, Math.Round(f.Usual, 1))).ToList();
    }
}
