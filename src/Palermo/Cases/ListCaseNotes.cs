using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Referrals;

namespace Palermo.Cases;

/// <summary>Opens a case's notes, newest first. Reading them is reading personal data, so it is audited.</summary>
public sealed class ListCaseNotes(PalermoDbContext db, PersonCrypto crypto)
{
    public async Task<IReadOnlyList<CaseNoteView>> HandleAsync(Guid caseId, Actor actor, CancellationToken ct = default)
    {
        var (c, parts) = await CaseAccess.OpenAsync(db, caseId, actor, ct);
        if (!parts.HasFlag(SharedParts.Identity)) throw new NotFoundException();
        var notes = await OpenAsync(db, crypto, c, ct);
        db.Audit(AuditEvent.CaseNotesRead, actor, nameof(Case), c.Id, $"{notes.Count} notes");
        await db.SaveChangesAsync(ct);
        return notes;
    }

    /// <summary>The notes of a case opened with the person's key; empty once the person is erased. The caller audits.</summary>
    internal static async Task<IReadOnlyList<CaseNoteView>> OpenAsync(PalermoDbContext db, PersonCrypto crypto, Case c, CancellationToken ct)
    {
        if (c.Person.IsErased) return [];
        var rows = await (from n in db.Set<CaseNote>().AsNoTracking().Where(n => n.CaseId == c.Id)
                          join u in db.Users on n.AuthorUserId equals u.Id into us
                          from u in us.DefaultIfEmpty()
                          orderby n.CreatedAt descending
                          select new { Note = n, Email = u == null ? null : u.Email }).ToListAsync(ct);
        return rows.Select(r => new CaseNoteView(r.Note.Id, r.Note.CreatedAt, r.Note.AuthorUserId, r.Email, r.Note.AuthorOrganisationId,
            r.Note.Open(c.Person.DataKey, crypto) ?? "")).ToList();
    }
}
