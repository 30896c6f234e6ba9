using Palermo.Statistics;
using Palermo.Statistics.Disclosure;

namespace Palermo.Tests.Statistics;

/// <summary>An attacker who knows every published number and every published relation and solves the linear
/// system for the suppressed cells. Exact arithmetic modulo the Mersenne prime 2^61 − 1 (independent of the
/// product's floating-point audit): a suppressed cell is recovered iff its unit vector is in the row space of
/// the relations restricted to the suppressed cells.</summary>
internal static class Attacker
{
    private const ulong P = (1UL << 61) - 1;

    /// <summary>Keys of the suppressed cells the attacker can compute exactly.</summary>
    public static List<CellKey> Recover(PublishedSystem published, CountryTable countries) =>
        Recover(published.System.Keys, published.Status, countries);

    public static List<CellKey> Recover(IReadOnlyList<CellKey> keys, IReadOnlyList<CellStatus> status, CountryTable countries)
    {
        var unknowns = Enumerable.Range(0, keys.Count).Where(i => status[i] != CellStatus.Published).ToList();
        var column = unknowns.Select((cell, c) => (cell, c)).ToDictionary(x => x.cell, x => x.c);
        var rows = new List<ulong[]>();
        foreach (var (total, parts) in PublishedConstraints.Derive(keys, countries))
        {
            var row = new ulong[unknowns.Count];
            var any = false;
            void Add(int cell, ulong coefficient)
            {
                if (column.TryGetValue(cell, out var c))
                {
                    row[c] = (row[c] + coefficient) % P;
                    any = true;
                }
            }

            Add(total, 1);
            parts.ForEach(p => Add(p, P - 1));
            if (any)
            {
                rows.Add(row);
            }
        }

        var pivotRow = Reduce(rows, unknowns.Count);
        var recovered = new List<CellKey>();
        for (var c = 0; c < unknowns.Count; c++)
        {
            if (pivotRow[c] >= 0 && rows[pivotRow[c]].Select((v, k) => (v, k)).All(x => x.k == c || x.v == 0))
            {
                recovered.Add(keys[unknowns[c]]);
            }
        }

        return recovered;
    }

    private static int[] Reduce(List<ulong[]> rows, int columns)
    {
        var pivotRow = Enumerable.Repeat(-1, columns).ToArray();
        var rank = 0;
        for (var c = 0; c < columns && rank < rows.Count; c++)
        {
            var r = Enumerable.Range(rank, rows.Count - rank).FirstOrDefault(i => rows[i][c] != 0, -1);
            if (r < 0)
            {
                continue;
            }

            (rows[rank], rows[r]) = (rows[r], rows[rank]);
            var pivot = rows[rank];
            var inverse = Power(pivot[c], P - 2);
            for (var k = 0; k < columns; k++)
            {
                pivot[k] = Mul(pivot[k], inverse);
            }

            for (var i = 0; i < rows.Count; i++)
            {
                var f = rows[i][c];
                if (i == rank || f == 0)
                {
                    continue;
                }

                for (var k = 0; k < columns; k++)
                {
                    if (pivot[k] != 0)
                    {
                        rows[i][k] = (rows[i][k] + P - Mul(f, pivot[k])) % P;
                    }
                }
            }

            pivotRow[c] = rank++;
        }

        return pivotRow;
    }

    private static ulong Mul(ulong a, ulong b) => (ulong)((UInt128)a * b % P);

    private static ulong Power(ulong x, ulong e)
    {
        ulong result = 1;
        while (e > 0)
        {
            if ((e & 1) == 1)
            {
                result = Mul(result, x);
            }

            x = Mul(x, x);
            e >>= 1;
        }

        return result;
    }
}
