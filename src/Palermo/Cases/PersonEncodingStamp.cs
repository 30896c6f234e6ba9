using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Cases;

/// <summary>
/// A random value that changes, in the same transaction, whenever an organisation's searchable encodings change
/// (a person or case added, an encoding replaced, a person erased). Each process's in-memory
/// <see cref="PersonEncodingIndex"/> compares it with the stamp it was built at, so a change made by another
/// process, by a bulk write or by a transaction that later rolled back is never missed. Random rather than a
/// counter: a rolled-back change's stamp can then never match a later committed one.
/// </summary>
public sealed class PersonEncodingStamp
{
    public Guid OrganisationId { get; private set; }
    public long Stamp { get; private set; }

    /// <summary>The committed stamp (0 when the organisation never had one): no lock, a primary-key read.</summary>
    public static async Task<long> ReadAsync(PalermoDbContext db, Guid organisationId, CancellationToken ct) =>
        await db.Set<PersonEncodingStamp>().AsNoTracking().Where(s => s.OrganisationId == organisationId).Select(s => (long?)s.Stamp).SingleOrDefaultAsync(ct) ?? 0;

    /// <summary>
    /// Inside the caller's transaction: locks the organisation's stamp, replaces it with a fresh random value and
    /// returns (previous, new). The lock (row lock on PostgreSQL; SQLite's write transaction) orders concurrent writers.
    /// </summary>
    public static Task<(long Previous, long Current)> BumpAsync(PalermoDbContext db, Guid organisationId, CancellationToken ct) =>
        OrganisationStamps.BumpAsync(db, "PersonEncodingStamp", organisationId, () => ReadAsync(db, organisationId, ct), ct);
}

internal sealed class PersonEncodingStampConfiguration : IEntityTypeConfiguration<PersonEncodingStamp>
{
    public void Configure(EntityTypeBuilder<PersonEncodingStamp> b)
    {
        b.ToTable("PersonEncodingStamp");
        b.HasKey(s => s.OrganisationId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
