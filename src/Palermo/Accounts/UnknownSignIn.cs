using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Palermo.Accounts;

/// <summary>
/// The failed sign-ins with one address that has no active account, counted as Identity counts a real account's
/// (AccessFailedCount, LockoutEnd), in the database so that every instance, and the next start, sees the same count.
/// Written only by <see cref="UnknownAccountSignIns"/>, with one statement per failure so that two instances counting
/// at once lose nothing.
/// </summary>
public sealed class UnknownSignIn
{
    /// <summary>HMAC-SHA256 (base64) of the normalised address under a key derived from the blind-index key: the same
    /// on every instance and after a restart, and never the address or a plain hash of it.</summary>
    public string AddressIndex { get; private set; } = "";

    /// <summary>Failures since the last lock (0 while locked, as Identity resets the count when it locks).</summary>
    public int Failures { get; private set; }

    /// <summary>Wall-clock UTC end of the lock, as Identity's LockoutEnd; null when never locked since counting began.</summary>
    public DateTime? LockedUntil { get; private set; }

    /// <summary>Wall-clock UTC time of the last counted failure: old rows are purged by it.</summary>
    public DateTime LastFailure { get; private set; }
}

internal sealed class UnknownSignInConfiguration : IEntityTypeConfiguration<UnknownSignIn>
{
    public void Configure(EntityTypeBuilder<UnknownSignIn> b)
    {
        b.ToTable("UnknownSignIn");
        b.HasKey(s => s.AddressIndex);
        b.Property(s => s.AddressIndex).HasMaxLength(44);
        // The purge removes the oldest rows first.
        b.HasIndex(s => s.LastFailure);
    }
}
