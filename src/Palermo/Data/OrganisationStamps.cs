using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace Palermo.Data;

/// <summary>
/// The write side of a per-organisation stamp table (<see cref="Cases.PersonEncodingStamp"/>,
/// <see cref="Referrals.ReferralAccessStamp"/>): one row per organisation holding a random value that a transaction
/// replaces whenever what an in-memory index caches for that organisation changes. Random rather than a counter: a
/// rolled-back change's stamp can then never match a later committed one.
/// </summary>
internal static class OrganisationStamps
{
    private static readonly HashSet<string> Tables = ["PersonEncodingStamp", "ReferralAccessStamp"];

    /// <summary>
    /// Inside the caller's transaction: locks the organisation's row of <paramref name="table"/>, replaces its stamp
    /// with a fresh random value and returns (previous, new). The lock (row lock on PostgreSQL; SQLite's write
    /// transaction) orders concurrent writers, so a process can apply its own change to an entry built at the previous
    /// stamp. <paramref name="read"/> is the table's unlocked read, used on SQLite.
    /// </summary>
    /// <param name="table">One of the stamp tables' names, a constant — never input.</param>
    public static async Task<(long Previous, long Current)> BumpAsync(PalermoDbContext db, string table, Guid organisationId, Func<Task<long>> read, CancellationToken ct)
    {
        if (!Tables.Contains(table)) throw new ArgumentOutOfRangeException(nameof(table));
        var quoted = "\"" + table + "\"";
        var locked = "SELECT \"Stamp\" AS \"Value\" FROM " + quoted + " WHERE \"OrganisationId\" = {0} FOR UPDATE";
        var previous = db.IsPostgres ? await db.Database.SqlQueryRaw<long>(locked, organisationId).SingleOrDefaultAsync(ct) : await read();
        long current;
        do current = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
        while (current == 0 || current == previous);
        var upsert = "INSERT INTO " + quoted + " (\"OrganisationId\", \"Stamp\") VALUES ({0}, {1}) ON CONFLICT (\"OrganisationId\") DO UPDATE SET \"Stamp\" = excluded.\"Stamp\"";
        await db.Database.ExecuteSqlRawAsync(upsert, [organisationId, current], ct);
        return (previous, current);
    }
}
