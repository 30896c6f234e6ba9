using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Audit;

/// <summary>Writes a signed checkpoint of the chain's current head into a folder outside the database.</summary>
public sealed class WriteCheckpoint(PalermoDbContext db, AuditSigner signer)
{
    public async Task<Checkpoint> HandleAsync(string directory, Actor actor, CancellationToken ct = default)
    {
        // The folder first: a checkpoint that cannot be written must not leave its entry in the chain.
        Directory.CreateDirectory(directory);
        // The checkpoint records itself in the chain, then signs the head that includes that record.
        db.Audit(AuditEvent.AuditCheckpointWritten, actor, "AuditLog");
        await db.SaveChangesAsync(ct);
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync(ct);
        var cp = Checkpoint.Create(last.Sequence, last.Hash, db.UtcNow, signer);
        var path = Path.Combine(directory, cp.FileName);
        var tmp = path + ".tmp";
        await File.WriteAllTextAsync(tmp, cp.ToJson(), ct);
        File.Move(tmp, path, overwrite: true);
        return cp;
    }
}
