using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Cases;

public static class CaseReferences
{
    /// <summary>
    /// Takes the next PAL-YYYY-NNNNNN inside the caller's transaction: the counter row is locked (PostgreSQL) or the
    /// database write-locked (SQLite), so two registrations never get the same number.
    /// </summary>
    public static async Task<string> NextAsync(PalermoDbContext db, int year, CancellationToken ct) =>
        Format(year, await ReserveAsync(db, year, 1, ct));

    /// <summary>Takes <paramref name="count"/> consecutive numbers with one lock (an import); returns the first.</summary>
    public static async Task<long> ReserveAsync(PalermoDbContext db, int year, int count, CancellationToken ct)
    {
        CaseReferenceCounter? counter;
        if (db.IsPostgres)
        {
            counter = await LockPostgresAsync(db, year, ct);
            if (counter is null)
            {
                // A year's first number: FOR UPDATE locks no row that does not exist yet, so two first registrations
                // would both insert it and one would fail on the key. Insert it here, waiting for a concurrent insert
                // to commit and then doing nothing, and lock the row that is now certainly there.
                await db.Database.ExecuteSqlAsync($"INSERT INTO \"CaseReferenceCounter\" (\"Year\", \"Next\") VALUES ({year}, 1) ON CONFLICT (\"Year\") DO NOTHING", ct);
                counter = await LockPostgresAsync(db, year, ct);
            }
        }
        else
        {
            counter = await db.Set<CaseReferenceCounter>().SingleOrDefaultAsync(c => c.Year == year, ct);
        }

        if (counter is null)
        {
            counter = new CaseReferenceCounter { Year = year, Next = 1 };
            db.Add(counter);
        }

        var first = counter.Next;
        counter.Next += count;
        return first;
    }

    private static Task<CaseReferenceCounter?> LockPostgresAsync(PalermoDbContext db, int year, CancellationToken ct) =>
        db.Set<CaseReferenceCounter>().FromSql($"SELECT * FROM \"CaseReferenceCounter\" WHERE \"Year\" = {year} FOR UPDATE").SingleOrDefaultAsync(ct);

    public static string Format(int year, long n) => $"PAL-{year.ToString(CultureInfo.InvariantCulture)}-{n.ToString("D6", CultureInfo.InvariantCulture)}";

    public static bool LooksLikeReference(string? s) =>
        s is { Length: >= 15 and <= 20 } && s.StartsWith("PAL-", StringComparison.OrdinalIgnoreCase);
}
