using Palermo.Statistics;
using Palermo.Statistics.Disclosure;

namespace Palermo.Tests.Statistics;

/// <summary>Two-dimensional tables with margins, built directly (rows in the sex dimension, columns in the age
/// dimension, so the attacker's published-layout rules apply unchanged).</summary>
public sealed class SuppressionPatternTests
{
    private static (CellSystem System, int[,] Cells) Table(int[,] values)
    {
        var (rows, cols) = (values.GetLength(0), values.GetLength(1));
        var system = new CellSystem(Indicator.DetectedVictims, 2022);
        var grand = CellKey.Grand(Indicator.DetectedVictims, 2022);
        var cells = new int[rows + 1, cols + 1];
        var total = 0;
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                cells[i, j] = system.Cell(grand.With(sex: $"R{i}", age: $"C{j}"), values[i, j]);
                total += values[i, j];
            }
        }

        for (var i = 0; i < rows; i++)
        {
            cells[i, cols] = system.Cell(grand.With(sex: $"R{i}"), Enumerable.Range(0, cols).Sum(j => values[i, j]));
            system.Sum(cells[i, cols], Enumerable.Range(0, cols).Select(j => cells[i, j]));
        }

        for (var j = 0; j < cols; j++)
        {
            cells[rows, j] = system.Cell(grand.With(age: $"C{j}"), Enumerable.Range(0, rows).Sum(i => values[i, j]));
            system.Sum(cells[rows, j], Enumerable.Range(0, rows).Select(i => cells[i, j]));
        }

        cells[rows, cols] = system.Cell(grand, total);
        system.Sum(cells[rows, cols], Enumerable.Range(0, rows).Select(i => cells[i, cols]));
        system.Sum(cells[rows, cols], Enumerable.Range(0, cols).Select(j => cells[rows, j]));
        return (system, cells);
    }

    [Fact]
    public void LinearAudit_TwoCyclesJoinedByABridge_FindsOnlyTheBridge()
    {
        // Every row and column has two or more suppressed cells, yet the bridge (R1, C2) is determined:
        // rows R0 + R1 minus columns C0 + C1 isolate it.
        var (system, cells) = Table(new int[4, 4] { { 3, 2, 9, 9 }, { 2, 3, 4, 9 }, { 9, 9, 3, 2 }, { 9, 9, 2, 3 } });
        var status = new CellStatus[system.Keys.Count];
        foreach (var (i, j) in new[] { (0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3) })
        {
            status[cells[i, j]] = CellStatus.Primary;
        }

        var determined = LinearAudit.DeterminedCells(system, status);

        Assert.Equal([cells[1, 2]], determined);
        Assert.Equal([system.Keys[cells[1, 2]]], Attacker.Recover(system.Keys, status, TestData.Countries));
    }

    [Fact]
    public void Apply_RandomTablesWithManySmallCells_AttackerRecoversNothing()
    {
        var random = new Random(2024);
        for (var round = 0; round < 150; round++)
        {
            var (rows, cols) = (random.Next(2, 7), random.Next(2, 7));
            var values = new int[rows, cols];
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < cols; j++)
                {
                    values[i, j] = random.NextDouble() < 0.2 ? 0 : random.NextDouble() < 0.4 ? random.Next(1, 5) : random.Next(5, 60);
                }
            }

            var (system, _) = Table(values);
            var status = SecondarySuppression.Apply(system, DisclosureOptions.Default);

            Assert.Empty(Attacker.Recover(system.Keys, status, TestData.Countries));
            Assert.All(Enumerable.Range(0, status.Length), c =>
                Assert.True(status[c] != CellStatus.Primary || system.Values[c] is > 0 and < 5, "primary means 1–4"));
        }
    }
}
