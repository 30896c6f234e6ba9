using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Referrals;

namespace Palermo.Cases;

public sealed record NoteInput(string? Text);

/// <summary>Adds a sealed note to a case, by anyone who may edit cases and see the person (owner, or a receiver shown the identity).</summary>
public sealed class AddCaseNote(PalermoDbContext db, PersonCrypto crypto)
{
    public async Task<Guid> HandleAsync(Guid caseId, NoteInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases)) throw new NotFoundException();
        var (c, parts) = await CaseAccess.OpenAsync(db, caseId, actor, ct);
        if (!parts.HasFlag(SharedParts.Identity)) throw new NotFoundException();
        var note = CaseNote.Write(c, input.Text, actor, crypto, db.UtcNow);
        db.Set<CaseNote>().Add(note);
        db.Audit(AuditEvent.CaseNoteAdded, actor, nameof(Case), c.Id);
        await db.SaveChangesAsync(ct);
        return note.Id;
    }
}
