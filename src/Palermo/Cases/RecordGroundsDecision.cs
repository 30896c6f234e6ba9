using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Cases;

/// <summary>The stages of the national referral mechanism's decision on whether a person is a victim.</summary>
public enum GroundsStage
{
    ReasonableGrounds = 1,
    ConclusiveGrounds = 2,
}

/// <param name="Version">The case's version the decision was entered on (a newer one is a 409).</param>
/// <param name="Stage">ReasonableGrounds or ConclusiveGrounds.</param>
/// <param name="Date">YYYY-MM-DD: not before the identification, not in the future; a conclusive decision not before the reasonable-grounds one.</param>
/// <param name="Outcome">Reasonable grounds: Positive or Negative. Conclusive grounds: Positive, Negative, SlaveryServitudeForcedLabour or InsufficientEvidence.</param>
/// <param name="Reasons">Optional, at most 2,000 characters; sealed with the person's data key.</param>
public sealed record GroundsDecisionInput(long? Version, string? Stage, string? Date, string? Outcome, string? Reasons);

/// <summary>
/// Records (or corrects) a reasonable- or conclusive-grounds decision of the competent authority on a case of the
/// actor's organisation. The reasons are sealed; the audit entry names the stage only.
/// </summary>
public sealed class RecordGroundsDecision(PalermoDbContext db, PersonCrypto crypto)
{
    public async Task HandleAsync(Guid caseId, GroundsDecisionInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var c = await db.Cases.Include(x => x.Person).ThenInclude(p => p.DataKey)
            .SingleOrDefaultAsync(x => x.Id == caseId && x.OrganisationId == org, ct) ?? throw new NotFoundException();
        var version = input.Version ?? throw new DomainException("version", "The case's version is required.");
        var stage = Vocabulary.Parse<GroundsStage>(input.Stage, "stage");
        var date = CaseInput.Date(input.Date, "date") ?? throw new DomainException("date", "The decision's date is required.");
        var outcome = Vocabulary.Parse<GroundsOutcome>(input.Outcome, "outcome");
        var reasons = string.IsNullOrWhiteSpace(input.Reasons) ? null : input.Reasons;
        db.Entry(c).Property(x => x.Version).OriginalValue = version;
        if (stage == GroundsStage.ReasonableGrounds) c.RecordReasonableGrounds(date, outcome, reasons, crypto, db.UtcNow);
        else c.RecordConclusiveGrounds(date, outcome, reasons, crypto, db.UtcNow);
        db.Audit(AuditEvent.CaseDecisionRecorded, actor, nameof(Case), c.Id, stage.ToString());
        await db.SaveChangesAsync(ct);
    }
}
