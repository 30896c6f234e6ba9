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
        var counter = db.IsPostgres
            ? await db.Set<CaseReferenceCounter>().FromSql($"SELECT * FROM \"CaseReferenceCounter\" WHERE \"Year\" = {year} FOR UPDATE").SingleOrDefaultAsync(ct)
            : await db.Set<CaseReferenceCounter>().SingleOrDefaultAsync(c => c.Year == year, ct);
        if (counter is null)
        {
            counter = new CaseReferenceCounter { Year = year, Next = 1 };
            db.Add(counter);
        }

        var first = counter.Next;
        counter.Next += count;
        return first;
    }

    public static string Format(int year, long n) => $"PAL-{year.ToString(CultureInfo.InvariantCulture)}-{n.ToString("D6", CultureInfo.InvariantCulture)}";

    public static bool LooksLikeReference(string? s) =>
        s is { Length: >= 15 and <= 20 } && s.StartsWith("PAL-", StringComparison.OrdinalIgnoreCase);
}
