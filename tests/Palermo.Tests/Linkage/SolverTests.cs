using Palermo.Linkage.Solving;
using Xunit;

namespace Palermo.Tests.Linkage;

public sealed class SolverTests
{
    private static List<Edge> RandomEdges(int inputs, int size, int count, int seed)
    {
        var random = new Random(seed);
        var edges = new List<Edge>();
        for (int e = 0; e < count; e++)
        {
            int a = random.Next(inputs), b = (a + 1 + random.Next(inputs - 1)) % inputs;
            edges.Add(new Edge(new RecordRef(a, random.Next(size)), new RecordRef(b, random.Next(size)), Math.Round(0.5 + (random.NextDouble() / 2), 3)));
        }

        return edges;
    }

    [Fact]
    public void Solve_RandomEdges_GroupsAreDisjointWithOneRecordPerInput()
    {
        List<List<RecordRef>> groups = GreedySolver.Solve([40, 40, 40, 40], RandomEdges(4, 40, 400, seed: 1));
        var seen = new HashSet<RecordRef>();
        foreach (List<RecordRef> g in groups)
        {
            Assert.True(g.Count >= 2);
            Assert.Equal(g.Count, g.Select(r => r.Input).Distinct().Count());
            Assert.All(g, r => Assert.True(seen.Add(r), "a record is in two groups"));
        }
    }

    [Fact]
    public void Solve_PairLeftApart_OnlyWhenItsGroupsAlreadyShareAnInput()
    {
        List<Edge> edges = RandomEdges(3, 30, 300, seed: 2);
        List<List<RecordRef>> groups = GreedySolver.Solve([30, 30, 30], [.. edges]);
        var groupOf = new Dictionary<RecordRef, List<RecordRef>>();
        foreach (List<RecordRef> g in groups)
        {
            g.ForEach(r => groupOf[r] = g);
        }

        foreach (Edge e in edges)
        {
            List<RecordRef> ga = groupOf.GetValueOrDefault(e.A) ?? [e.A], gb = groupOf.GetValueOrDefault(e.B) ?? [e.B];
            if (!ReferenceEquals(ga, gb))
            {
                // Greedy never splits a pair above the threshold unless a better match claimed one of its inputs.
                Assert.True(ga.Select(r => r.Input).Intersect(gb.Select(r => r.Input)).Any(), $"{e} was split without a conflict");
            }
        }
    }

    [Fact]
    public void Solve_BetterMatchFirst_WinsTheRecord()
    {
        var groups = GreedySolver.Solve([1, 2], [
            new Edge(new RecordRef(0, 0), new RecordRef(1, 0), 0.85),
            new Edge(new RecordRef(0, 0), new RecordRef(1, 1), 0.95),
        ]);
        Assert.Equal([new RecordRef(0, 0), new RecordRef(1, 1)], Assert.Single(groups));
    }

    [Fact]
    public void Summary_ThreeAgencies_CountsUniquePersonsAndOverlaps()
    {
        var groups = GreedySolver.Solve([2, 2, 2], [
            new Edge(new RecordRef(0, 0), new RecordRef(1, 1), 0.9),
            new Edge(new RecordRef(1, 1), new RecordRef(2, 0), 0.9),
            new Edge(new RecordRef(0, 1), new RecordRef(2, 1), 0.9),
        ]);
        LinkageSummary summary = LinkageSummary.From([2, 2, 2], groups);
        Assert.Equal(6 - 3, summary.UniquePersons);
        Assert.Equal(1, summary.Overlap[0, 1]);
        Assert.Equal(2, summary.Overlap[0, 2]);
        Assert.Equal(1, summary.Overlap[1, 2]);
    }
}
