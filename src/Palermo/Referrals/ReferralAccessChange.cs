using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Referrals;

/// <summary>
/// One link of a receiving organisation's <see cref="ReferralAccessStamp"/> chain: the save that replaced
/// <see cref="PreviousStamp"/> by <see cref="Stamp"/> changed the referrals <see cref="ReferralIds"/> (ids only,
/// nothing about the person). Written in the same transaction as the stamp, so a link exists exactly when its
/// change committed; another process's <see cref="ReferralAccessIndex"/> follows the links from the stamp it was
/// built at to the current one and reads again only those referrals. A stamp replaced without a link (a bulk write,
/// a save changing more than <see cref="MaxIdsPerLink"/> referrals, a link pruned after <see cref="KeptFor"/>)
/// breaks the chain, and the index then reads all the organisation's referrals as before.
/// </summary>
public sealed class ReferralAccessChange
{
    /// <summary>More referrals than this in one save: no link; the chain breaks and readers rebuild whole.</summary>
    internal const int MaxIdsPerLink = 1000;

    /// <summary>Links older than this are deleted at the organisation's next journaled save; an index left
    /// behind for longer rebuilds whole.</summary>
    internal static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    private ReferralAccessChange(Guid organisationId, long previousStamp, long stamp, string referralIds, DateTime at)
    {
        OrganisationId = organisationId;
        PreviousStamp = previousStamp;
        Stamp = stamp;
        ReferralIds = referralIds;
        At = at;
    }

    public Guid OrganisationId { get; private set; }
    public long PreviousStamp { get; private set; }
    public long Stamp { get; private set; }

    /// <summary>The changed referrals' ids, comma-separated.</summary>
    public string ReferralIds { get; private set; }

    public DateTime At { get; private set; }

    /// <summary>
    /// Inside the transaction that moved the organisation's stamp from <paramref name="previous"/> to
    /// <paramref name="current"/> (the stamp's lock held, so links of one organisation are written one at a time):
    /// queues the link for the save and deletes the organisation's links older than <see cref="KeptFor"/>. No link for
    /// too many referrals. A link from stamp 0 (the organisation had no stamp yet) is written once at most: stamps are
    /// never 0 once written, and the stamp row goes only with the organisation, its links with it.
    /// </summary>
    internal static async Task RecordAsync(PalermoDbContext db, Guid organisationId, long previous, long current, IReadOnlyCollection<Guid> referralIds, CancellationToken ct)
    {
        var now = db.UtcNow;
        var cutoff = now - KeptFor;
        await db.Set<ReferralAccessChange>().Where(c => c.OrganisationId == organisationId && c.At < cutoff).ExecuteDeleteAsync(ct);
        if (referralIds.Count is 0 or > MaxIdsPerLink) return;
        db.Add(new ReferralAccessChange(organisationId, previous, current, string.Join(',', referralIds), now));
    }

    /// <summary>
    /// The referrals changed between stamps <paramref name="from"/> and <paramref name="to"/> of the organisation, by
    /// following the links; null when the chain from <paramref name="from"/> does not reach <paramref name="to"/> within
    /// <paramref name="maxLinks"/> links and <paramref name="maxIds"/> referrals (a link missing, or
    /// <paramref name="from"/> newer than <paramref name="to"/>). Each link is a primary-key read.
    /// </summary>
    internal static async Task<HashSet<Guid>?> ChangedBetweenAsync(PalermoDbContext db, Guid organisationId, long from, long to, int maxLinks, int maxIds, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        var at = from;
        for (var links = 0; at != to; links++)
        {
            if (links == maxLinks) return null;
            var link = await db.Set<ReferralAccessChange>().AsNoTracking().Where(c => c.OrganisationId == organisationId && c.PreviousStamp == at)
                .Select(c => new { c.Stamp, c.ReferralIds }).SingleOrDefaultAsync(ct);
            if (link is null) return null;
            foreach (var id in link.ReferralIds.Split(',')) ids.Add(Guid.Parse(id));
            if (ids.Count > maxIds) return null;
            at = link.Stamp;
        }

        return ids;
    }
}

internal sealed class ReferralAccessChangeConfiguration : IEntityTypeConfiguration<ReferralAccessChange>
{
    public void Configure(EntityTypeBuilder<ReferralAccessChange> b)
    {
        b.ToTable("ReferralAccessChange");
        // Following the chain is one lookup per link.
        b.HasKey(c => new { c.OrganisationId, c.PreviousStamp });
        // Pruning an organisation's old links reads just those.
        b.HasIndex(c => new { c.OrganisationId, c.At });
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
