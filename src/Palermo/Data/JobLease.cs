using Microsoft.EntityFrameworkCore;

namespace Palermo.Data;

/// <summary>
/// Coordinates background jobs between web instances through the database: an instance runs a job only while it
/// holds that job's lease, taken with one conditional UPDATE so two instances can never both win.
/// </summary>
public sealed class JobLease
{
    public string Name { get; set; } = "";
    public string Holder { get; set; } = "";
    public DateTime Until { get; set; }

    public static async Task<bool> TryAcquireAsync(PalermoDbContext db, string name, string holder, TimeSpan forHow, CancellationToken ct)
    {
        var now = db.UtcNow;
        if (!await db.Set<JobLease>().AnyAsync(l => l.Name == name, ct))
        {
            db.Add(new JobLease { Name = name, Holder = "", Until = DateTime.SpecifyKind(DateTime.MinValue.AddYears(1), DateTimeKind.Utc) });
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { /* another instance created it first; the UPDATE below decides */ }
            db.ChangeTracker.Clear();
        }

        var until = now + forHow;
        return await db.Set<JobLease>().Where(l => l.Name == name && (l.Until < now || l.Holder == holder))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.Until, until), ct) == 1;
    }

    /// <summary>A holder name unique to one run, prefixed by who runs it, within the column's 64 characters.</summary>
    public static string NewHolder(string? prefix)
    {
        var holder = $"{prefix}:{Guid.NewGuid():N}";
        return holder.Length > 64 ? holder[^64..] : holder;
    }

    /// <summary>
    /// Frees a lease this holder took, so the next run can start at once rather than when it expires (a lease is free
    /// once its end has passed). Not cancellable: it runs on the way out of a run, cancelled or not.
    /// </summary>
    public static Task ReleaseAsync(PalermoDbContext db, string name, string holder)
    {
        var free = db.UtcNow.AddSeconds(-1);
        return db.Set<JobLease>().Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Until, free), CancellationToken.None);
    }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<JobLease> b)
    {
        b.ToTable("JobLease");
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasMaxLength(64);
        b.Property(l => l.Holder).HasMaxLength(64);
    }
}
