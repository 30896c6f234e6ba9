using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Assistance;

/// <summary>
/// A change to a service record as read: its status (blank keeps it), end date and outcome (blank clears them), and
/// the <see cref="Version"/> it was read at.
/// </summary>
public sealed record ServiceUpdate(long? Version, string? Status, string? EndDate, string? Outcome);

/// <summary>
/// Records what became of a service (started, delivered, cancelled; when it ended; the outcome). Allowed to whoever may
/// record a service on the case — the owner organisation, or a receiver whose referral shares services — and, of the
/// receivers, only for the services their own organisation provides. A stale version is a conflict, never an overwrite.
/// </summary>
public sealed class UpdateService(PalermoDbContext db)
{
    public async Task<ServiceRecord> HandleAsync(Guid caseId, Guid serviceId, ServiceUpdate input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var c = await db.Cases.VisibleTo(db, actor).SingleOrDefaultAsync(x => x.Id == caseId, ct) ?? throw new NotFoundException();
        var now = db.UtcNow;
        if (c.OrganisationId != org)
        {
            var referrals = await db.Referrals.Where(r => r.CaseId == c.Id && r.ToOrganisationId == org).ToListAsync(ct);
            if (!c.PartsFor(actor, referrals, now).HasFlag(SharedParts.Services)) throw new NotFoundException();
        }

        var record = await db.Services.SingleOrDefaultAsync(s => s.Id == serviceId && s.CaseId == c.Id, ct) ?? throw new NotFoundException();
        // The owner manages the whole case; a receiver answers for its own services, not for another provider's.
        if (c.OrganisationId != org && record.ProviderOrganisationId != org) throw new NotFoundException();

        var status = string.IsNullOrWhiteSpace(input.Status) ? record.Status : Vocabulary.Parse<ServiceStatus>(input.Status, "status");
        // Stale before anything else: the user's change was made against what someone has since replaced, so a rule
        // that now refuses it ("delivered cannot become cancelled") would name the wrong problem.
        // Required: without it the check would be skipped, and a record never changed (version 0) silently overwritten.
        if (input.Version is not { } version) throw new DomainException("version", Versions.Required);
        if (record.Version != version) throw new ConflictException();
        db.Entry(record).Property(s => s.Version).OriginalValue = version;
        record.Update(status, CaseInput.Date(input.EndDate, "endDate"), input.Outcome, now);
        db.Audit(AuditEvent.ServiceUpdated, actor, nameof(ServiceRecord), record.Id);
        await db.SaveChangesAsync(ct);
        return record;
    }
}
