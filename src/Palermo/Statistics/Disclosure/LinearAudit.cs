namespace Palermo.Statistics.Disclosure;

/// <summary>The attacker's view of a cell system: the published cells are known, the suppressed cells are
/// unknowns, and every published relation (total = Σ parts) is a linear equation. A suppressed cell can be
/// recomputed exactly iff its unit vector lies in the row space of the equations restricted to the unknowns,
/// i.e. iff in the reduced row echelon form its pivot row has no entry in a free column. Partial pivoting on
/// doubles is exact enough here: coefficients start as 0/±1 and the systems have at most a few thousand
/// unknowns (the tests check the result independently with exact modular arithmetic).</summary>
internal static class LinearAudit
{
    private const double Epsilon = 1e-9;

    /// <summary>Returns the suppressed cells that the published data determine exactly.</summary>
    public static List<int> DeterminedCells(CellSystem system, IReadOnlyList<CellStatus> status)
    {
        var unknownColumn = new Dictionary<int, int>();
        for (var cell = 0; cell < status.Count; cell++)
        {
            if (status[cell] != CellStatus.Published)
            {
                unknownColumn[cell] = unknownColumn.Count;
            }
        }

        var cellOfColumn = unknownColumn.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
        var rows = new List<double[]>();
        foreach (var eq in system.Equations)
        {
            double[]? row = null;
            void Put(int cell, double coefficient)
            {
                if (unknownColumn.TryGetValue(cell, out var column))
                {
                    row ??= new double[cellOfColumn.Length];
                    row[column] += coefficient;
                }
            }

            Put(eq.Total, 1);
            foreach (var part in eq.Parts)
            {
                Put(part, -1);
            }

            if (row is not null)
            {
                rows.Add(row);
            }
        }

        var pivotRowOfColumn = Reduce(rows, cellOfColumn.Length);
        var determined = new List<int>();
        for (var column = 0; column < cellOfColumn.Length; column++)
        {
            if (pivotRowOfColumn[column] is var r and >= 0 && OnlyEntryAt(rows[r], column))
            {
                determined.Add(cellOfColumn[column]);
            }
        }

        return determined;
    }

    /// <summary>Gauss–Jordan elimination in place; returns for each column its pivot row or −1 (free).</summary>
    private static int[] Reduce(List<double[]> rows, int columns)
    {
        var pivotRow = new int[columns];
        Array.Fill(pivotRow, -1);
        var rank = 0;
        for (var column = 0; column < columns && rank < rows.Count; column++)
        {
            var best = -1;
            var bestAbs = Epsilon;
            for (var r = rank; r < rows.Count; r++)
            {
                var a = Math.Abs(rows[r][column]);
                if (a > bestAbs)
                {
                    (best, bestAbs) = (r, a);
                }
            }

            if (best < 0)
            {
                continue;
            }

            (rows[rank], rows[best]) = (rows[best], rows[rank]);
            var pivot = rows[rank];
            var scale = 1 / pivot[column];
            var nonZero = new List<int>();
            for (var k = 0; k < columns; k++)
            {
                if (pivot[k] != 0)
                {
                    pivot[k] *= scale;
                    nonZero.Add(k);
                }
            }

            // Earlier free columns can hold entries too, so the update runs over every non-zero of the pivot
            // row; visiting only those keeps the sparse tables of a report fast.
            for (var r = 0; r < rows.Count; r++)
            {
                var row = rows[r];
                var factor = row[column];
                if (r == rank || factor == 0)
                {
                    continue;
                }

                foreach (var k in nonZero)
                {
                    row[k] -= factor * pivot[k];
                }

                row[column] = 0;
            }

            pivotRow[column] = rank++;
        }

        return pivotRow;
    }

    private static bool OnlyEntryAt(double[] row, int column)
    {
        for (var k = 0; k < row.Length; k++)
        {
            if (k != column && Math.Abs(row[k]) > Epsilon)
            {
                return false;
            }
        }

        return true;
    }
}
