using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Assistance;

public sealed record ServiceInput(string? ServiceCode, string? StartDate, string? EndDate, string? Status, string? Outcome, Guid? GrantId);

/// <summary>Records a service given; by the owner organisation, or by a receiver whose referral shares services.</summary>
public sealed class RecordService(PalermoDbContext db)
{
    public async Task<ServiceRecord> HandleAsync(Guid caseId, ServiceInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var c = await db.Cases.VisibleTo(db, actor).SingleOrDefaultAsync(x => x.Id == caseId, ct) ?? throw new NotFoundException();
        var now = db.UtcNow;
        if (c.OrganisationId != org)
        {
            var referrals = await db.Referrals.Where(r => r.CaseId == c.Id && r.ToOrganisationId == org).ToListAsync(ct);
            if (!c.PartsFor(actor, referrals, now).HasFlag(SharedParts.Services)) throw new NotFoundException();
        }

        var code = input.ServiceCode?.Trim() ?? "";
        if (!await db.Set<ServiceType>().AnyAsync(s => s.Code == code && s.IsActive, ct)) throw new DomainException("serviceCode", "Choose a service from the catalogue.");
        var start = CaseInput.Date(input.StartDate, "startDate") ?? throw new DomainException("startDate", "The start date is required.");
        var status = string.IsNullOrWhiteSpace(input.Status) ? ServiceStatus.Planned : Vocabulary.Parse<ServiceStatus>(input.Status, "status");
        var end = CaseInput.Date(input.EndDate, "endDate");
        if (start > DateOnly.FromDateTime(now).AddYears(1)) throw new DomainException("startDate", "The start date is too far in the future.");
        ServiceRecord.Validate(start, end, status, input.Outcome, now);
        var record = new ServiceRecord(c.Id, code, org, start, end, status, input.Outcome, input.GrantId, now);
        db.Services.Add(record);
        db.Audit(AuditEvent.ServiceRecorded, actor, nameof(ServiceRecord), record.Id);
        await db.SaveChangesAsync(ct);
        return record;
    }
}
