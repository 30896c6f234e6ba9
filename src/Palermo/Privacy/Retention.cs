using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Privacy;

/// <summary>An organisation's retention schedule: persons whose cases have all been closed for this long are erased.</summary>
public sealed class RetentionPolicy
{
    public Guid OrganisationId { get; set; }
    public int ClosedCaseYears { get; set; }
}

public sealed class SetRetentionPolicy(PalermoDbContext db)
{
    public async Task HandleAsync(int? closedCaseYears, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageRetention) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var existing = await db.Set<RetentionPolicy>().SingleOrDefaultAsync(p => p.OrganisationId == org, ct);
        if (closedCaseYears is null)
        {
            if (existing is not null) db.Remove(existing);
        }
        else
        {
            Validate(closedCaseYears.Value);
            if (existing is null) db.Add(new RetentionPolicy { OrganisationId = org, ClosedCaseYears = closedCaseYears.Value });
            else existing.ClosedCaseYears = closedCaseYears.Value;
        }

        db.Audit(AuditEvent.RetentionPolicySet, actor, "Organisation", org, closedCaseYears?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
        await db.SaveChangesAsync(ct);
    }

    public const int MinYears = 1;
    public const int MaxYears = 100;

    public static void Validate(int closedCaseYears)
    {
        if (closedCaseYears is < MinYears or > MaxYears) throw new DomainException("closedCaseYears", $"Between {MinYears} and {MaxYears} years.");
    }
}

/// <summary>
/// Applies every organisation's retention schedule: erases (crypto-shreds) the persons <see cref="RetentionRules.Due"/>
/// names — no open case, every case closed before the cut-off (or, for a person without any case, registered before
/// it), no legal hold, no active referral. Run by the background job and by `palermo retention run`. Each erasure is
/// audited like one by request (<see cref="AuditEvent.PersonErased"/>, "erasure: retention"); each organisation's
/// outcome as counts (<see cref="AuditEvent.RetentionApplied"/>), and the run as a whole (<see cref="AuditEvent.RetentionRun"/>).
/// </summary>
public sealed class RunRetention(PalermoDbContext db, BlindIndex index)
{
    private const int Batch = 1000;

    /// <summary>The lease one run holds while it works: the daily job of every instance and `palermo retention run`
    /// take it, so two runs never erase the same persons at once (the second would fail on a conflict).</summary>
    public const string LeaseName = "retention-run";

    /// <summary>Renewed after every batch; a run that dies is taken over once it expires.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    /// <summary>The number of persons erased, or null when another run holds the lease (nothing was done).</summary>
    public async Task<int?> HandleAsync(Actor actor, CancellationToken ct = default) =>
        (await RunAsync(actor, ct))?.Sum(o => o.Counts.Persons);

    /// <summary>What the run did per organisation with a schedule (counts only), or null when another run holds the lease.</summary>
    public async Task<IReadOnlyList<RetentionOutcome>?> RunAsync(Actor actor, CancellationToken ct = default)
    {
        var holder = JobLease.NewHolder(actor.ClientAddress);
        if (!await JobLease.TryAcquireAsync(db, LeaseName, holder, Lease, ct)) return null;
        try
        {
            return await RunAsync(actor, holder, ct);
        }
        finally
        {
            await JobLease.ReleaseAsync(db, LeaseName, holder);
        }
    }

    private async Task<List<RetentionOutcome>> RunAsync(Actor actor, string holder, CancellationToken ct)
    {
        var now = db.UtcNow;
        var outcomes = new List<RetentionOutcome>();
        var policies = await db.Set<RetentionPolicy>().AsNoTracking().ToListAsync(ct);
        var names = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        foreach (var policy in policies.OrderBy(p => names.GetValueOrDefault(p.OrganisationId), StringComparer.Ordinal))
        {
            var cutoff = RetentionRules.Cutoff(now, policy.ClosedCaseYears);
            var by = actor with { OrganisationId = policy.OrganisationId };
            int persons = 0, cases = 0;
            // In batches, each its own transaction (a first schedule over years of closed cases can cover many
            // thousands), until none is left: a run used to stop after the first thousand per organisation.
            while (true)
            {
                // Still ours? (A run slower than its lease would otherwise overlap with the next one.)
                if (!await JobLease.TryAcquireAsync(db, LeaseName, holder, Lease, ct)) throw new ConflictException();
                var batch = await RetentionRules.Due(db, policy.OrganisationId, cutoff, now).Include(p => p.DataKey).OrderBy(p => p.Id).Take(Batch).ToListAsync(ct);
                foreach (var p in batch)
                {
                    // The entity refuses a person on legal hold too: a hold set since the query makes the save fail
                    // (the person's version changed), never an erasure under a hold.
                    p.Erase(now);
                    await CrossAgency.LinkageErasure.ForgetAsync(db, p.Id, policy.OrganisationId, ct);
                    db.Audit(AuditEvent.PersonErased, by, nameof(Person), p.Id, "erasure: retention");
                }

                cases += await Erasure.RedactAsync(db, index, batch.Select(p => p.Id).ToList(), now, ct);
                persons += batch.Count;
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                if (batch.Count < Batch) break;
            }

            var kept = await RetentionRules.KeptAsync(db, policy.OrganisationId, cutoff, now, ct);
            var counts = new RetentionCounts(persons, cases, kept.LegalHold, kept.ActiveReferral);
            db.Audit(AuditEvent.RetentionApplied, by, "Organisation", policy.OrganisationId, counts.ToAuditDetail());
            await db.SaveChangesAsync(ct);
            outcomes.Add(new RetentionOutcome(policy.OrganisationId, names.GetValueOrDefault(policy.OrganisationId, policy.OrganisationId.ToString()), policy.ClosedCaseYears, counts));
        }

        db.Audit(AuditEvent.RetentionRun, actor, purpose: $"erased {outcomes.Sum(o => o.Counts.Persons)}");
        await db.SaveChangesAsync(ct);
        return outcomes;
    }
}

/// <summary>One organisation's part of a retention run.</summary>
public sealed record RetentionOutcome(Guid OrganisationId, string Organisation, int ClosedCaseYears, RetentionCounts Counts);

/// <summary>
/// Counts only, never who: persons (and their cases) erased — or, in a preview, due for erasure — and persons whose
/// cases are past the schedule but who are kept, on a legal hold or under an active referral.
/// </summary>
public sealed record RetentionCounts(int Persons, int Cases, int KeptLegalHold, int KeptActiveReferral)
{
    /// <summary>The audit detail of <see cref="AuditEvent.RetentionApplied"/>: numbers only.</summary>
    public string ToAuditDetail() => FormattableString.Invariant($"persons={Persons} cases={Cases} legalHold={KeptLegalHold} activeReferral={KeptActiveReferral}");

    /// <summary>Reads <see cref="ToAuditDetail"/> back (null for anything else).</summary>
    public static RetentionCounts? FromAuditDetail(string? detail)
    {
        if (detail is null) return null;
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in detail.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=');
            if (kv.Length != 2 || !int.TryParse(kv[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) return null;
            values[kv[0]] = n;
        }

        return values.TryGetValue("persons", out var p) && values.TryGetValue("cases", out var c) && values.TryGetValue("legalHold", out var h) && values.TryGetValue("activeReferral", out var r)
            ? new RetentionCounts(p, c, h, r)
            : null;
    }
}

/// <summary>
/// Which persons an organisation's schedule erases, shared by the run and the administrator's preview so the two
/// never disagree. Nothing keeps a person's data once none of their cases is open or closed within the schedule's
/// period, no legal hold is in force and no referral of theirs is active.
/// </summary>
public static class RetentionRules
{
    public static DateTime Cutoff(DateTime now, int closedCaseYears) => now.AddYears(-closedCaseYears);

    /// <summary>
    /// Persons of the organisation, not erased, past the schedule: every case closed before the cut-off. A person
    /// without any case (Palermo registers a person together with their case and never deletes a case, so this is a
    /// record left by something outside the application — a restore, a repair, an interrupted load on a database
    /// without its foreign keys) is past it once registered before the cut-off: nothing else keeps it, and it used to
    /// be kept for ever. Legal holds and referrals are not looked at here.
    /// </summary>
    public static IQueryable<Person> PastSchedule(PalermoDbContext db, Guid organisationId, DateTime cutoff) =>
        db.Persons.Where(p => p.OrganisationId == organisationId && p.ErasedAt == null
            && !db.Cases.Any(c => c.PersonId == p.Id && (c.ClosedAt == null || c.ClosedAt > cutoff))
            && (p.CreatedAt <= cutoff || db.Cases.Any(c => c.PersonId == p.Id)));

    /// <summary>
    /// Persons past the schedule whom nothing keeps: no legal hold, and no active referral (pending, awaiting an
    /// override approval, or accepted and not past its end of access) of any of their cases — a case closed as
    /// referred on is still worked on by the receiver, and erasing the person would cut it off mid-assistance.
    /// </summary>
    public static IQueryable<Person> Due(PalermoDbContext db, Guid organisationId, DateTime cutoff, DateTime now) =>
        PastSchedule(db, organisationId, cutoff).Where(p => !p.LegalHold).Where(Not(ActiveReferral(db, now)));

    /// <summary>Persons past the schedule but kept: on a legal hold, or (without one) under an active referral.</summary>
    public static async Task<(int LegalHold, int ActiveReferral)> KeptAsync(PalermoDbContext db, Guid organisationId, DateTime cutoff, DateTime now, CancellationToken ct)
    {
        var past = PastSchedule(db, organisationId, cutoff);
        return (await past.CountAsync(p => p.LegalHold, ct), await past.Where(p => !p.LegalHold).Where(ActiveReferral(db, now)).CountAsync(ct));
    }

    /// <summary>What a run would do now under a schedule of <paramref name="closedCaseYears"/>: the persons and cases it would
    /// erase, and the persons it would keep.</summary>
    public static async Task<RetentionCounts> PreviewAsync(PalermoDbContext db, Guid organisationId, int closedCaseYears, DateTime now, CancellationToken ct)
    {
        var cutoff = Cutoff(now, closedCaseYears);
        var due = Due(db, organisationId, cutoff, now);
        var persons = await due.CountAsync(ct);
        var cases = await db.Cases.CountAsync(c => due.Any(p => p.Id == c.PersonId), ct);
        var kept = await KeptAsync(db, organisationId, cutoff, now, ct);
        return new RetentionCounts(persons, cases, kept.LegalHold, kept.ActiveReferral);
    }

    private static System.Linq.Expressions.Expression<Func<Person, bool>> ActiveReferral(PalermoDbContext db, DateTime now) =>
        p => db.Referrals.Any(r => db.Cases.Any(c => c.Id == r.CaseId && c.PersonId == p.Id)
            && (r.State == ReferralState.Pending || r.State == ReferralState.Accepted || r.State == ReferralState.AwaitingOverrideApproval)
            && (r.ValidUntil == null || r.ValidUntil > now));

    private static System.Linq.Expressions.Expression<Func<Person, bool>> Not(System.Linq.Expressions.Expression<Func<Person, bool>> e) =>
        System.Linq.Expressions.Expression.Lambda<Func<Person, bool>>(System.Linq.Expressions.Expression.Not(e.Body), e.Parameters);
}

internal sealed class RetentionPolicyConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<RetentionPolicy>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<RetentionPolicy> b)
    {
        b.ToTable("RetentionPolicy");
        b.HasKey(p => p.OrganisationId);
    }
}
