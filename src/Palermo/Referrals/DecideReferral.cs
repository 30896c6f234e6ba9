using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.Referrals;

public enum ReferralDecision
{
    Accept = 1,
    Decline = 2,
    Complete = 3,
    Withdraw = 4,
}

/// <summary>The receiver accepts, declines or completes; the sender withdraws. Each step is audited.</summary>
public sealed class DecideReferral(PalermoDbContext db)
{
    public async Task<Referral> HandleAsync(Guid referralId, string? decision, string? reason, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageReferrals) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var r = await db.Referrals.SingleOrDefaultAsync(x => x.Id == referralId && (x.ToOrganisationId == org || x.FromOrganisationId == org), ct)
            ?? throw new NotFoundException();
        var d = Vocabulary.Parse<ReferralDecision>(decision, "decision");
        var now = db.UtcNow;
        var receiver = r.ToOrganisationId == org;
        AuditEvent ev;
        switch (d)
        {
            case ReferralDecision.Accept when receiver: r.Accept(now); ev = AuditEvent.ReferralAccepted; break;
            case ReferralDecision.Decline when receiver: r.Decline(reason, now); ev = AuditEvent.ReferralDeclined; break;
            case ReferralDecision.Complete when receiver: r.Complete(now); ev = AuditEvent.ReferralCompleted; break;
            case ReferralDecision.Withdraw when !receiver: r.Withdraw(reason, now); ev = AuditEvent.ReferralWithdrawn; break;
            default: throw new DomainException("decision", receiver ? "The receiving organisation accepts, declines or completes." : "The referring organisation can withdraw.");
        }

        db.Audit(ev, actor, nameof(Referral), r.Id);
        await db.SaveChangesAsync(ct);
        return r;
    }
}
