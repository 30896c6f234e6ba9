using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.EmergencyAccess;

/// <summary>A data protection officer's verdict on a grant: Justified or NotJustified, and an optional note.</summary>
public sealed record EmergencyReviewInput(string? Verdict, string? Note, long? Version = null);

/// <summary>
/// The data protection officer of the owner or of the accessor's organisation records their verdict, once per side.
/// The note is sealed with the person's key like the reason; the audit detail holds the verdict only.
/// </summary>
public sealed class ReviewEmergencyAccess(PalermoDbContext db, PersonCrypto crypto)
{
    public async Task HandleAsync(Guid grantId, EmergencyReviewInput input, Actor actor, CancellationToken ct = default)
    {
        if (!EmergencyGrants.Reviews(actor) || actor.UserId is not { } user) throw new NotFoundException();
        var org = actor.OrganisationId!.Value;
        var g = await EmergencyGrants.Involving(db, org).SingleOrDefaultAsync(x => x.Id == grantId, ct) ?? throw new NotFoundException();
        if (input.Version is { } v) db.Entry(g).Property(x => x.Version).OriginalValue = v;
        var verdict = Vocabulary.Parse<EmergencyReview>(input.Verdict, "verdict");
        var key = await (from c in db.Cases where c.Id == g.CaseId
                         join p in db.Persons on c.PersonId equals p.Id
                         join k in db.DataKeys on p.DataKeyId equals k.Id
                         select k).SingleAsync(ct);
        g.Review(org, user, verdict, input.Note, key, crypto, db.UtcNow);
        db.Audit(AuditEvent.EmergencyAccessReviewed, actor, nameof(Case), g.CaseId,
            $"{g.AuditPurpose}: {(verdict == EmergencyReview.Justified ? "justified" : "not justified")}");
        await db.SaveChangesAsync(ct);
    }
}
