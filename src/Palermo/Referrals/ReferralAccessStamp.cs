using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Referrals;

/// <summary>
/// A random value replaced, in the same transaction, whenever a referral to an organisation is created, decided,
/// withdrawn, completed or changes the parts it shares. Each process's <see cref="ReferralAccessIndex"/> compares it
/// with the stamp it was built at, so a change made by another process (the CLI beside the web app), by a bulk write
/// or by a transaction that rolled back is never missed. Expiry (<see cref="Referral.ValidUntil"/>) changes nothing
/// here: it is a matter of time, checked at every read. Random rather than a counter, as
/// <see cref="Cases.PersonEncodingStamp"/>: a rolled-back change's stamp can then never match a later committed one.
/// </summary>
public sealed class ReferralAccessStamp
{
    public Guid OrganisationId { get; private set; }
    public long Stamp { get; private set; }

    /// <summary>The committed stamp of the receiving organisation (0 when it never had one): a primary-key read.</summary>
    public static async Task<long> ReadAsync(PalermoDbContext db, Guid organisationId, CancellationToken ct) =>
        await db.Set<ReferralAccessStamp>().AsNoTracking().Where(s => s.OrganisationId == organisationId).Select(s => (long?)s.Stamp).SingleOrDefaultAsync(ct) ?? 0;

    /// <summary>
    /// Inside the caller's transaction: locks the receiving organisation's stamp, replaces it with a fresh random value
    /// and returns (previous, new). The lock (row lock on PostgreSQL; SQLite's write transaction) orders concurrent
    /// writers, so this process can apply its own change to an entry built at the previous stamp.
    /// </summary>
    public static Task<(long Previous, long Current)> BumpAsync(PalermoDbContext db, Guid organisationId, CancellationToken ct) =>
        OrganisationStamps.BumpAsync(db, "ReferralAccessStamp", organisationId, () => ReadAsync(db, organisationId, ct), ct);
}

internal sealed class ReferralAccessStampConfiguration : IEntityTypeConfiguration<ReferralAccessStamp>
{
    public void Configure(EntityTypeBuilder<ReferralAccessStamp> b)
    {
        b.ToTable("ReferralAccessStamp");
        b.HasKey(s => s.OrganisationId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
