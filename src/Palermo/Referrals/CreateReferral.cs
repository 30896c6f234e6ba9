using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Assistance;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;

namespace Palermo.Referrals;

public sealed record ReferralInput(Guid? ToOrganisationId, IReadOnlyList<string>? Services, IReadOnlyList<string>? Parts, string? ValidUntil,
    string? OverrideReason, Guid? ApprovedBySupervisorId);

/// <summary>
/// Refers a case to another organisation. Refused without the person's active consent to a referral to that
/// organisation, and — when identity or contacts are shared — their active consent to sharing identifiable data with
/// it; unless a consent override is requested: its own permission, a reason, and the name of another case supervisor
/// of the organisation, who must then approve it themselves (<see cref="ApproveConsentOverride"/>). Until they do, the
/// referral waits in <see cref="ReferralState.AwaitingOverrideApproval"/> and grants nothing. Audited and listed for
/// the data protection officer.
/// </summary>
public sealed class CreateReferral(PalermoDbContext db)
{
    public const int OverrideReasonMaxLength = 180;

    public async Task<Referral> HandleAsync(Guid caseId, ReferralInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageReferrals) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var c = await db.Cases.SingleOrDefaultAsync(x => x.Id == caseId && x.OrganisationId == org, ct) ?? throw new NotFoundException();
        if (c.IsClosed) throw new DomainException("case", "The case is closed.");
        // Checked whether or not an override turns out to be needed: an over-long reason is bad input either way.
        if (input.OverrideReason is { Length: > OverrideReasonMaxLength }) throw new DomainException("overrideReason", $"Must be at most {OverrideReasonMaxLength} characters.");
        if (input.ApprovedBySupervisorId is { } named) await CheckApproverAsync(named, actor, org, ct);
        var to = input.ToOrganisationId is { } t && await db.Organisations.AnyAsync(o => o.Id == t && o.IsActive, ct)
            ? t : throw new DomainException("toOrganisationId", "Choose the organisation to refer to.");
        var codes = (input.Services ?? []).Distinct().ToList();
        var known = await db.Set<ServiceType>().Where(s => codes.Contains(s.Code) && s.IsActive).Select(s => s.Code).ToListAsync(ct);
        if (known.Count != codes.Count) throw new DomainException("services", "Unknown service in the list.");
        var parts = Vocabulary.ParseFlags<SharedParts>(input.Parts, "parts");
        var until = CaseInput.Date(input.ValidUntil, "validUntil");
        var now = db.UtcNow;
        var referral = new Referral(c.Id, org, to, codes, parts, until?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), actor.UserId, now);

        if (await db.MissingReferralConsentAsync(c.PersonId, to, referral.Parts, ct) is { } missing)
        {
            await CheckOverrideRequestAsync(input, actor, org, missing, ct);
            referral.RequestConsentOverride(input.OverrideReason!, input.ApprovedBySupervisorId!.Value);
            db.Audit(AuditEvent.ConsentOverrideRequested, actor, nameof(Referral), referral.Id, "consent override");
        }

        db.Referrals.Add(referral);
        db.Audit(AuditEvent.ReferralCreated, actor, nameof(Referral), referral.Id);
        await db.SaveChangesAsync(ct);
        return referral;
    }

    private async Task CheckOverrideRequestAsync(ReferralInput input, Actor actor, Guid org, string missing, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.OverrideReason) && input.ApprovedBySupervisorId is null) throw new DomainException("consent", missing);

        if (!actor.Has(Permission.OverrideConsent)) throw new DomainException("consent", "Overriding consent needs the consent-override permission (a case supervisor).");
        if (string.IsNullOrWhiteSpace(input.OverrideReason) || input.OverrideReason.Length > OverrideReasonMaxLength) throw new DomainException("overrideReason", $"Give a short reason for the override (at most {OverrideReasonMaxLength} characters).");
        if (input.ApprovedBySupervisorId is null) throw new DomainException("approvedBySupervisorId", "Name the case supervisor who is to approve the override.");
    }

    private async Task CheckApproverAsync(Guid supervisor, Actor actor, Guid org, CancellationToken ct)
    {
        var ok = supervisor != actor.UserId && await ListOverrideApprovers.ActiveSupervisors(db, org).AnyAsync(u => u.Id == supervisor, ct);
        if (!ok) throw new DomainException("approvedBySupervisorId", "The approver must be another case supervisor of your organisation.");
    }
}
