using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Privacy;

public sealed record RotationResult(string NewKeyId, int Rewrapped, IReadOnlyList<string> RetiredKeyIds);

/// <summary>
/// Re-wraps every data key under a new master key. The new key file is written before it becomes current and old
/// key files are never deleted here, so an interruption at any point loses nothing: each data key names the master
/// key that wraps it, and running the command again finishes the job.
/// </summary>
public sealed class RotateMasterKey(PalermoDbContext db, MasterKeyRing ring, KeyFiles files)
{
    private const int Batch = 500;

    public async Task<RotationResult> HandleAsync(Actor actor, IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageKeys)) throw new NotFoundException();
        if (!ring.FromFiles)
        {
            throw new DomainException("Keys:MasterKey", "The master key comes from configuration; set a new Keys:MasterKey and list the old one in Keys:RetiredMasterKeys, then run this command again with key files, or rotate by hand.");
        }

        var old = ring.CurrentId;
        var id = ring.AddNew(files);
        ring.MakeCurrent(files, id);
        var total = await db.DataKeys.CountAsync(k => k.MasterKeyId != id && k.DestroyedAt == null, ct);
        var done = 0;
        while (true)
        {
            var batch = await db.DataKeys.Where(k => k.MasterKeyId != id && k.DestroyedAt == null).OrderBy(k => k.Id).Take(Batch).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var k in batch) k.Rewrap(ring);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            done += batch.Count;
            progress?.Report((done, total));
        }

        // Linkage project secrets are sealed with the master key too; few, so one batch.
        var projects = await db.Set<Palermo.CrossAgency.LinkageProject>().Where(p => p.MasterKeyId != id).ToListAsync(ct);
        foreach (var p in projects) p.Rewrap(ring);
        db.Audit(AuditEvent.MasterKeyRotated, actor, "MasterKey", id, purpose: "rotated from " + old);
        await db.SaveChangesAsync(ct);
        var stillUsed = await db.DataKeys.Select(k => k.MasterKeyId)
            .Union(db.Set<Palermo.CrossAgency.LinkageProject>().Select(p => p.MasterKeyId)).Distinct().ToListAsync(ct);
        var retired = Directory.EnumerateFiles(files.Directory, "master-*.key")
            .Select(p => Path.GetFileNameWithoutExtension(p)["master-".Length..])
            .Where(k => k != id && !stillUsed.Contains(k)).ToList();
        return new RotationResult(id, done, retired);
    }
}
