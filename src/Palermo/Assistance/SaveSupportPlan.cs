using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Assistance;

/// <summary>A support plan as it arrives from the form or the API. <see cref="Version"/> is the one read, for changing an existing plan.</summary>
public sealed record SupportPlanInput(IReadOnlyList<string>? Types, string? Objectives, string? ActionPlan, string? PlannedEndDate, string? ActualEndDate, long? Version = null)
{
    public SupportPlanFacts ToFacts() => new(
        Vocabulary.ParseFlags<SupportPlanType>(Types, "types"),
        string.IsNullOrWhiteSpace(Objectives) ? null : Objectives.Trim(),
        string.IsNullOrWhiteSpace(ActionPlan) ? null : ActionPlan.Trim(),
        CaseInput.Date(PlannedEndDate, "plannedEndDate"),
        CaseInput.Date(ActualEndDate, "actualEndDate"));
}

/// <summary>
/// Records or changes the support plan of a case of the actor's organisation (the owner plans the person's support;
/// a receiving organisation records the services it gives). A stale version is a conflict, never an overwrite.
/// </summary>
public sealed class SaveSupportPlan(PalermoDbContext db, PersonCrypto crypto)
{
    public async Task<SupportPlanView> HandleAsync(Guid caseId, SupportPlanInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var c = await db.Cases.Include(x => x.Person).ThenInclude(p => p.DataKey).SingleOrDefaultAsync(x => x.Id == caseId && x.OrganisationId == org, ct)
            ?? throw new NotFoundException();
        var facts = input.ToFacts();
        var now = db.UtcNow;
        var plan = await db.Set<SupportPlan>().SingleOrDefaultAsync(p => p.CaseId == c.Id, ct);
        var isNew = plan is null;
        if (plan is null)
        {
            // A version is the one read of an existing plan: sent for a case without one, the form was not read here
            // (or the version is made up), so nothing it says is trusted to create one.
            if (input.Version is not null) throw new ConflictException("This case has no support plan to change. Reload the case; nothing was saved.");
            plan = SupportPlan.Create(c, facts, crypto, now);
            db.Set<SupportPlan>().Add(plan);
            db.Audit(AuditEvent.SupportPlanRecorded, actor, nameof(Case), c.Id);
        }
        else
        {
            // Without the version read, a second "new plan" form would silently replace the first one's content.
            if (input.Version is not { } version) throw new ConflictException("This case already has a support plan. Reload it and change that plan; nothing was saved.");
            db.Entry(plan).Property(p => p.Version).OriginalValue = version;
            plan.Update(c, facts, crypto, now);
            db.Audit(AuditEvent.SupportPlanUpdated, actor, nameof(Case), c.Id);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (isNew && UniqueViolation.Is(ex))
        {
            // Two "new plan" forms saved at once: both read "no plan", the unique index on the case let one through.
            db.DiscardPendingAudit();
            db.Entry(plan).State = EntityState.Detached;
            throw new ConflictException("This case already has a support plan, saved by someone else just now. Reload it and change that plan; nothing was saved.", ex);
        }

        return plan.Open(c.Person.DataKey, crypto);
    }
}
