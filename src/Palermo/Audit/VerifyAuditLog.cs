using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Audit;

public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBadSequence, string Message);

/// <summary>
/// Walks the whole chain and the signed checkpoints. Reports the first sequence number at which the log stops
/// being what was written: a changed field, a missing, swapped or forged entry, a truncated tail, or a rewritten chain.
/// </summary>
public sealed class VerifyAuditLog(PalermoDbContext db, AuditSigner signer)
{
    public async Task<AuditVerification> HandleAsync(string? checkpointDir, CancellationToken ct = default)
    {
        var expectedSeq = 1L;
        var prev = AuditEntry.GenesisHash;
        var hashes = new Dictionary<long, string>();
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (e.Sequence != expectedSeq)
            {
                return Bad(expectedSeq - 1, expectedSeq, $"entry {expectedSeq} is missing (next stored entry is {e.Sequence})");
            }

            if (e.PrevHash != prev) return Bad(expectedSeq - 1, e.Sequence, $"entry {e.Sequence} does not follow entry {e.Sequence - 1}");
            if (e.ComputeHash() != e.Hash) return Bad(expectedSeq - 1, e.Sequence, $"entry {e.Sequence} was altered");
            prev = e.Hash;
            hashes[e.Sequence] = e.Hash;
            expectedSeq++;
        }

        var count = expectedSeq - 1;
        if (checkpointDir is not null)
        {
            if (!Directory.Exists(checkpointDir)) return new(false, count, null, $"checkpoint folder {checkpointDir} does not exist");
            var lastGood = 0L;
            foreach (var path in Directory.EnumerateFiles(checkpointDir, "checkpoint-*.json").Order(StringComparer.Ordinal))
            {
                var cp = Checkpoint.Parse(await File.ReadAllTextAsync(path, ct));
                if (cp is null || !cp.IsSignedBy(signer))
                {
                    return new(false, count, null, $"checkpoint {Path.GetFileName(path)} is not signed by this installation's audit key");
                }

                if (!hashes.TryGetValue(cp.Sequence, out var hash))
                {
                    return Bad(count, count + 1, $"entries {count + 1}..{cp.Sequence} are missing (log truncated; checkpoint {cp.Sequence})");
                }

                if (hash != cp.Hash)
                {
                    // A rewritten chain is self-consistent: everything after the last checkpoint that still matches is suspect.
                    return Bad(count, lastGood + 1, $"entry {lastGood + 1}: the chain from here was rewritten (does not match checkpoint {cp.Sequence})");
                }

                lastGood = cp.Sequence;
            }
        }

        return new(true, count, null, $"intact: {count} entries");
    }

    private static AuditVerification Bad(long checkedCount, long seq, string message) => new(false, checkedCount, seq, message);
}
