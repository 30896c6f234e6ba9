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
            if (closedCaseYears is < 1 or > 100) throw new DomainException("closedCaseYears", "Between 1 and 100 years.");
            if (existing is null) db.Add(new RetentionPolicy { OrganisationId = org, ClosedCaseYears = closedCaseYears.Value });
            else existing.ClosedCaseYears = closedCaseYears.Value;
        }

        db.Audit(AuditEvent.RetentionPolicySet, actor, "Organisation", org, closedCaseYears?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>
/// Applies every organisation's retention schedule: erases (crypto-shreds) persons with no open case whose last case
/// closed before the cut-off, skipping legal holds and persons still assisted under an active (pending or accepted,
/// unexpired) referral of one of their cases. Run by the background job and by `palermo retention run`.
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
    public async Task<int?> HandleAsync(Actor actor, CancellationToken ct = default)
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

    private async Task<int> RunAsync(Actor actor, string holder, CancellationToken ct)
    {
        var now = db.UtcNow;
        var erased = 0;
        foreach (var policy in await db.Set<RetentionPolicy>().AsNoTracking().ToListAsync(ct))
        {
            var cutoff = now.AddYears(-policy.ClosedCaseYears);
            // In batches, each its own transaction (a first schedule over years of closed cases can cover many
            // thousands), until none is left: a run used to stop after the first thousand per organisation.
            while (true)
            {
                // Still ours? (A run slower than its lease would otherwise overlap with the next one.)
                if (!await JobLease.TryAcquireAsync(db, LeaseName, holder, Lease, ct)) throw new ConflictException();
                var persons = await db.Persons.Include(p => p.DataKey)
                    .Where(p => p.OrganisationId == policy.OrganisationId && p.ErasedAt == null && !p.LegalHold
                        && db.Cases.Any(c => c.PersonId == p.Id)
                        && !db.Cases.Any(c => c.PersonId == p.Id && (c.ClosedAt == null || c.ClosedAt > cutoff))
                        // A case closed as referred on is still worked on by the receiver while its referral is active:
                        // erasing the person would cut the receiver off mid-assistance.
                        && !db.Referrals.Any(r => db.Cases.Any(c => c.Id == r.CaseId && c.PersonId == p.Id)
                            && (r.State == ReferralState.Pending || r.State == ReferralState.Accepted || r.State == ReferralState.AwaitingOverrideApproval)
                            && (r.ValidUntil == null || r.ValidUntil > now)))
                    .Take(Batch).ToListAsync(ct);
                foreach (var p in persons)
                {
                    p.Erase(now);
                    await CrossAgency.LinkageErasure.ForgetAsync(db, p.Id, policy.OrganisationId, ct);
                    db.Audit(AuditEvent.PersonErased, actor with { OrganisationId = policy.OrganisationId }, nameof(Person), p.Id, "erasure: retention");
                }

                await Erasure.RedactAsync(db, index, persons.Select(p => p.Id).ToList(), now, ct);
                erased += persons.Count;
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                if (persons.Count < Batch) break;
            }
        }

        db.Audit(AuditEvent.RetentionRun, actor, purpose: $"erased {erased}");
        await db.SaveChangesAsync(ct);
        return erased;
    }
}

internal sealed class RetentionPolicyConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<RetentionPolicy>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<RetentionPolicy> b)
    {
        b.ToTable("RetentionPolicy");
        b.HasKey(p => p.OrganisationId);
    }
}
