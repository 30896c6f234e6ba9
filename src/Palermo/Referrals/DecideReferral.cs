using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;

namespace Palermo.Referrals;

public enum ReferralDecision
{
    Accept = 1,
    Decline = 2,
    Complete = 3,
    Withdraw = 4,
}

/// <summary>
/// The receiver accepts, declines (with a reason) or completes; the sender withdraws. A consent override not yet
/// approved by the named supervisor is out of the receiver's reach (404) until then. Each step is audited. Acceptance
/// checks again that the consents the referral relies on are still active (or that it was made under an approved
/// override): a consent may have been withdrawn while the referral was pending. <paramref name="version"/>, when given,
/// is the referral's version the decision was made on; a newer one is a conflict, not an overwrite.
/// </summary>
public sealed class DecideReferral(PalermoDbContext db)
{
    public async Task<Referral> HandleAsync(Guid referralId, string? decision, string? reason, Actor actor, long? version = null, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageReferrals) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var r = await db.Referrals.SingleOrDefaultAsync(x => x.Id == referralId
                && (x.FromOrganisationId == org || (x.ToOrganisationId == org && !(x.ConsentOverridden && x.OverrideApprovedAt == null))), ct)
            ?? throw new NotFoundException();
        if (version is { } v) db.Entry(r).Property(x => x.Version).OriginalValue = v;
        var d = Vocabulary.Parse<ReferralDecision>(decision, "decision");
        Referral.CheckReason(reason);
        var now = db.UtcNow;
        var receiver = r.ToOrganisationId == org;
        AuditEvent ev;
        switch (d)
        {
            case ReferralDecision.Accept when receiver: await ConsentStillHoldsAsync(r, ct); r.Accept(now); ev = AuditEvent.ReferralAccepted; break;
            case ReferralDecision.Decline when receiver: r.Decline(reason, now); ev = AuditEvent.ReferralDeclined; break;
            case ReferralDecision.Complete when receiver: r.Complete(now); ev = AuditEvent.ReferralCompleted; break;
            case ReferralDecision.Withdraw when !receiver: r.Withdraw(reason, now); ev = AuditEvent.ReferralWithdrawn; break;
            default: throw new DomainException("decision", receiver ? "The receiving organisation accepts, declines or completes." : "The referring organisation can withdraw.");
        }

        db.Audit(ev, actor, nameof(Referral), r.Id);
        await db.SaveChangesAsync(ct);
        return r;
    }

    private async Task ConsentStillHoldsAsync(Referral r, CancellationToken ct)
    {
        if (r.ConsentOverridden || r.State != ReferralState.Pending) return;
        var person = await db.Cases.Where(c => c.Id == r.CaseId).Select(c => c.PersonId).SingleAsync(ct);
        if (await db.MissingReferralConsentAsync(person, r.ToOrganisationId, r.Parts, ct) is not null)
        {
            // The receiver cannot act on it: the referring organisation records the consent again or withdraws the referral.
            throw new DomainException("consent", "The person's consent to this referral is no longer active, so it cannot be accepted. Ask the referring organisation.");
        }
    }
}
