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

    /// <summary>
    /// The stored form of a reference as people type it: any case, and spaces, underscores, dots or slashes for the
    /// dashes, or none ("pal 2026 000123", "PAL2026000123", "PAL-2026-123" → "PAL-2026-000123"); null when the text
    /// is not a reference. Without separators at least ten digits are needed (the year and six), so a document number
    /// such as "PAL12345" is still looked up as a document.
    /// </summary>
    public static string? Normalise(string? s)
    {
        if (s is null) return null;
        var groups = s.Split([' ', '-', '_', '.', '/', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (groups.Length == 0 || !groups[0].StartsWith("PAL", StringComparison.OrdinalIgnoreCase)) return null;
        groups[0] = groups[0][3..];
        var digits = groups.Where(g => g.Length > 0).ToList();
        if (digits.Count is 0 or > 2 || digits.Any(g => !g.All(char.IsAsciiDigit))) return null;
        string year, number;
        if (digits.Count == 2) (year, number) = (digits[0], digits[1]);
        else if (digits[0].Length >= 10) (year, number) = (digits[0][..4], digits[0][4..]);
        else return null;
        if (year.Length != 4 || number.Length > 12) return null;
        return Format(int.Parse(year, CultureInfo.InvariantCulture), long.Parse(number, CultureInfo.InvariantCulture));
    }
}
