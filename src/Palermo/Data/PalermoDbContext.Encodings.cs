using Palermo.Cases;

namespace Palermo.Data;

/// <summary>
/// Keeps the in-memory encoding index (<see cref="PersonEncodingIndex"/>) honest for every save, whichever use case
/// made it: the organisations whose encodings change get a new stamp in the same transaction, and this process's
/// index applies the change once it is saved.
/// </summary>
public sealed partial class PalermoDbContext
{
    private async Task<Dictionary<Guid, (long Previous, long Current)>?> StampEncodingsAsync(Dictionary<Guid, PersonEncodingChanges.Delta>? changes, CancellationToken ct)
    {
        if (changes is null) return null;
        var stamps = new Dictionary<Guid, (long, long)>();
        // A fixed order, so two transactions touching the same organisations lock their stamps alike.
        foreach (var org in changes.Keys.Order()) stamps[org] = await PersonEncodingStamp.BumpAsync(this, org, ct);
        return stamps;
    }

    private void ApplyEncodings(Dictionary<Guid, PersonEncodingChanges.Delta>? changes, Dictionary<Guid, (long Previous, long Current)>? stamps)
    {
        if (changes is null || stamps is null) return;
        foreach (var (org, delta) in changes) PersonEncodingIndex.Apply(this, org, stamps[org].Previous, stamps[org].Current, delta);
    }
}
