using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.Privacy;

/// <summary>
/// Erasure by crypto-shredding: the person's data key is destroyed, so every sealed field — in this database and in
/// every backup — becomes unreadable. De-identified facts (year, sex, citizenship, form of exploitation) stay, so the
/// national statistics keep their counts. Refused while a legal hold is in force.
/// </summary>
public sealed class ErasePerson(PalermoDbContext db, BlindIndex index)
{
    public const int ReasonMaxLength = 1000;

    public async Task HandleAsync(Guid caseId, string? reason, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.HandleSubjectRights) || actor.OrganisationId is not { } org) throw new NotFoundException();
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason", "Give the reason for erasure (e.g. request of the person, retention period ended).");
        // Only a code of the reason is kept, but an irreversible step must not go through on a body that is plainly broken.
        if (reason.Length > ReasonMaxLength) throw new DomainException("reason", $"Must be at most {ReasonMaxLength} characters.");
        var c = await db.Cases.Include(x => x.Person).ThenInclude(p => p.DataKey).SingleOrDefaultAsync(x => x.Id == caseId && x.OrganisationId == org, ct)
            ?? throw new NotFoundException();
        c.Person.Erase(db.UtcNow);
        // Readable free text about the person (closure reasons, service outcomes, referral reasons) goes in the same save.
        await Erasure.RedactAsync(db, index, [c.PersonId], db.UtcNow, ct);
        // Linkage encodings are not sealed with the data key: shred them explicitly (docs/linkage.md, erasure).
        await CrossAgency.LinkageErasure.ForgetAsync(db, c.PersonId, org, ct);
        db.Audit(AuditEvent.PersonErased, actor, nameof(Person), c.PersonId, reason.Length > 100 ? "erasure" : "erasure: " + ErasureReasons.Code(reason));
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>The audit detail records a reason code, never free text that could name someone.</summary>
public static class ErasureReasons
{
    public static string Code(string reason) => reason.Trim().ToLowerInvariant() switch
    {
        var r when r.Contains("retention", StringComparison.Ordinal) => "retention",
        var r when r.Contains("request", StringComparison.Ordinal) => "subject request",
        _ => "other",
    };
}

/// <summary>
/// Sets or releases a legal hold that blocks erasure (and retention) of a person, each with a reason. The reason is
/// kept on the person, sealed with their key, and shown in the subject access export; the audit entry records the
/// step, never the reason's text (it may name a court case or people).
/// </summary>
public sealed class SetLegalHold(PalermoDbContext db, PersonCrypto crypto)
{
    public async Task HandleAsync(Guid caseId, bool hold, string? reason, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.HandleSubjectRights) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var personId = await db.Cases.Where(x => x.Id == caseId && x.OrganisationId == org).Select(x => (Guid?)x.PersonId).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException();
        var person = await db.Persons.Include(p => p.DataKey).SingleAsync(p => p.Id == personId, ct);
        person.SetLegalHold(hold, reason, crypto);
        db.Audit(hold ? AuditEvent.LegalHoldSet : AuditEvent.LegalHoldReleased, actor, nameof(Person), person.Id);
        await db.SaveChangesAsync(ct);
    }
}
