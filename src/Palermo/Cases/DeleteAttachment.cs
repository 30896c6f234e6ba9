using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Cases;

/// <summary>
/// Deletes a file kept with a case, for someone who may edit cases and see the person: the case's own organisation
/// may delete any of its files; an organisation shown the identity through a referral only the files it added
/// itself. The row — sealed name and content — is deleted, not flagged; on SQLite secure_delete zeroes the freed
/// pages and a checkpoint moves that into the database file (see docs/cases.md). Audited with the case reference
/// only, never the file name. Refused while a legal hold on the person is in force.
/// </summary>
public sealed class DeleteAttachment(PalermoDbContext db)
{
    public async Task HandleAsync(Guid caseId, Guid attachmentId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases)) throw new NotFoundException();
        var (c, parts) = await CaseAccess.OpenAsync(db, caseId, actor, ct);
        if (!parts.SeesPerson(c)) throw new NotFoundException();
        var a = await db.Set<CaseAttachment>().Where(x => x.Id == attachmentId && x.CaseId == c.Id)
            .Select(x => new { x.Id, x.UploadedByOrganisationId }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        if (!MayDelete(c.OrganisationId, a.UploadedByOrganisationId, actor))
        {
            throw new DomainException("attachment", "Only the case's organisation or the organisation that added this file can delete it.");
        }

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // A legal hold keeps everything held about the person as it is (a court may need the file): deleting one of
            // their files is refused while it is in force, like erasure. On PostgreSQL the person's row is locked, so a
            // hold being set at this moment either waits for this deletion or is seen by it.
            var held = db.IsPostgres
                ? await db.Database.SqlQuery<bool>($"SELECT \"LegalHold\" AS \"Value\" FROM \"Person\" WHERE \"Id\" = {c.PersonId} FOR UPDATE").SingleAsync(ct)
                : await db.Persons.Where(p => p.Id == c.PersonId).Select(p => p.LegalHold).SingleAsync(ct);
            if (held) throw new DomainException("attachment", "A legal hold is in force for this person: their files cannot be deleted until it is released.");
            // Deleted without loading the (up to 4 MB) sealed content; the audit entry is written in the same transaction.
            await db.Set<CaseAttachment>().Where(x => x.Id == a.Id).ExecuteDeleteAsync(ct);
            db.Audit(AuditEvent.CaseAttachmentDeleted, actor, nameof(CaseAttachment), a.Id, $"case {c.Reference}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        if (!db.IsPostgres)
        {
            // The WAL still holds the file's pages until a checkpoint copies the zeroed pages into the database and
            // the log is truncated. Best effort: with readers still on an older snapshot the checkpoint is partial and
            // the next automatic checkpoint finishes it; the deletion itself is already committed either way.
            try
            {
                await db.Database.ExecuteSqlAsync($"PRAGMA wal_checkpoint(TRUNCATE)", ct);
            }
            catch (DbException)
            {
            }
        }
    }

    /// <summary>The owner organisation deletes any file; a receiving organisation only the files it added.</summary>
    public static bool MayDelete(Guid caseOrganisationId, Guid uploadedByOrganisationId, Actor actor) =>
        actor.Has(Permission.EditCases) && actor.OrganisationId is { } org && (org == caseOrganisationId || org == uploadedByOrganisationId);
}
