using Palermo.Linkage.Bits;
using Palermo.Linkage.Comparison;
using Xunit;

namespace Palermo.Tests.Linkage;

public sealed class KernelTests
{
    public static TheoryData<KernelKind, int> KernelsAndLengths()
    {
        var data = new TheoryData<KernelKind, int>();
        foreach (KernelKind k in new[] { KernelKind.ScalarPopcnt, KernelKind.Avx2, KernelKind.Avx512, KernelKind.BitSliced, KernelKind.BitSlicedAvx2 })
        {
            // Lengths that are not multiples of 64, 256 or 512 bits exercise every tail path.
            foreach (int bits in new[] { 8, 72, 200, 504, 1000, 1024, 1096, 1984 })
            {
                data.Add(k, bits);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KernelsAndLengths))]
    public void AndPopCount_EverySimdPath_EqualsThePortableReference(KernelKind kind, int bits)
    {
        if (!KernelSupport.IsSupported(kind))
        {
            // On a CPU without the instructions, asking for that kernel is a clear refusal, never a crash or a wrong count
            // (the CI machines differ: some have AVX-512, some not).
            var refused = Assert.Throws<PlatformNotSupportedException>(() => KernelSupport.Resolve(kind));
            Assert.Contains(kind.ToString(), refused.Message, StringComparison.Ordinal);
            Assert.NotEqual(kind, KernelSupport.Resolve(KernelKind.Auto));
            return;
        }

        FilterSet a = TestData.RandomFilters(50, bits, seed: bits), b = TestData.RandomFilters(50, bits, seed: bits + 1);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(PairKernels.AndPopCount(a[i], b[i], KernelKind.Portable), PairKernels.AndPopCount(a[i], b[i], kind));
        }
    }

    [Theory]
    [InlineData(72)]
    [InlineData(504)]
    [InlineData(1000)]
    [InlineData(1024)]
    [InlineData(1096)]
    [InlineData(1984)]
    public void Match_EveryKernel_FindsExactlyTheBruteForcePairs(int bits)
    {
        FilterSet candidates = TestData.RandomFilters(600, bits, seed: 11 + bits);
        FilterSet queries = TestData.Perturbed(candidates, seed: 5, flips: Math.Max(1, bits / 40));
        List<(int Q, int C, double Score)> all = AllScores(queries, candidates);
        foreach (double threshold in new[] { 0.55, 0.8, 0.93 })
        {
            var expected = all.Where(p => p.Score >= threshold).Select(p => (p.Q, p.C)).ToHashSet();
            foreach (KernelKind kind in Enum.GetValues<KernelKind>().Where(KernelSupport.IsSupported))
            {
                var actual = Matcher.Match(queries, candidates, new MatchOptions { Threshold = threshold, Kernel = kind })
                    .Select(p => (p.Query, p.Candidate)).ToHashSet();
                Assert.True(expected.SetEquals(actual), $"{kind}, {bits} bits, t={threshold}: expected {expected.Count}, got {actual.Count}");
            }
        }
    }

    [Fact]
    public void Match_PopCountPruning_NeverDropsAPairAboveTheThreshold()
    {
        // Candidates with very different fill rates, so whole blocks are skipped by the popcount bound (BitSliced, where
        // the CPU has AVX-512; elsewhere the kernel Auto picks must find them all the same).
        FilterSet candidates = TestData.RandomFilters(2000, 1024, seed: 3, minFill: 0.02, maxFill: 0.9);
        FilterSet queries = TestData.Perturbed(candidates, seed: 4, flips: 12);
        List<(int Q, int C, double Score)> all = AllScores(queries, candidates);
        foreach (double threshold in new[] { 0.3, 0.7, 0.9, 0.99 })
        {
            var expected = all.Where(p => p.Score >= threshold).Select(p => (p.Q, p.C)).ToHashSet();
            foreach (KernelKind kind in new[] { KernelKind.BitSliced, KernelKind.BitSlicedAvx2, KernelKind.ScalarPopcnt, KernelKind.Auto }.Where(KernelSupport.IsSupported))
            {
                var actual = Matcher.Match(queries, candidates, new MatchOptions { Threshold = threshold, Kernel = kind })
                    .Select(p => (p.Query, p.Candidate)).ToHashSet();
                Assert.True(expected.IsSubsetOf(actual), $"{kind} dropped {expected.Except(actual).Count()} pairs at t={threshold}");
            }
        }
    }

    [Fact]
    public void Match_DenseLongFilters_CountsIntoTheTopPlane()
    {
        // Counts above 1024 need the eleventh bit-sliced plane; random half-full filters never reach it.
        FilterSet candidates = TestData.RandomFilters(700, BitSlicedKernel.MaxBits, seed: 31, minFill: 0.85, maxFill: 1.0);
        FilterSet queries = TestData.Perturbed(candidates, seed: 32, flips: 60);
        List<(int Q, int C, double Score)> all = AllScores(queries, candidates);
        foreach (double threshold in new[] { 0.3, 0.95, 0.98 })
        {
            var expected = all.Where(p => p.Score >= threshold).Select(p => (p.Q, p.C)).ToHashSet();
            foreach (KernelKind kind in Enum.GetValues<KernelKind>().Where(KernelSupport.IsSupported))
            {
                var actual = Matcher.Match(queries, candidates, new MatchOptions { Threshold = threshold, Kernel = kind })
                    .Select(p => (p.Query, p.Candidate)).ToHashSet();
                Assert.True(expected.SetEquals(actual), $"{kind}, t={threshold}: expected {expected.Count}, got {actual.Count}");
            }
        }
    }

    [Fact]
    public void Auto_OnACpuWithoutAvx512_PicksTheAvx2BitSlicedKernel()
    {
        KernelKind auto = KernelSupport.Resolve(KernelKind.Auto);
        if (KernelSupport.IsSupported(KernelKind.BitSliced))
        {
            Assert.Equal(KernelKind.BitSliced, auto);
        }
        else if (KernelSupport.IsSupported(KernelKind.BitSlicedAvx2))
        {
            // The nibble-lookup AVX2 kernel is about 20 times slower; Auto must not fall back to it.
            Assert.Equal(KernelKind.BitSlicedAvx2, auto);
        }
        else
        {
            Assert.False(KernelSupport.IsBitSliced(auto));
        }
    }

    [Fact]
    public void Match_TopK_KeepsTheBestCandidatesPerQuery()
    {
        FilterSet candidates = TestData.RandomFilters(300, 1024, seed: 8);
        FilterSet queries = TestData.Perturbed(candidates, seed: 9, flips: 30);
        List<ScoredPair> all = Matcher.Match(queries, candidates, new MatchOptions { Threshold = 0.3 });
        List<ScoredPair> top = Matcher.Match(queries, candidates, new MatchOptions { Threshold = 0.3, TopK = 2 });
        foreach (IGrouping<int, ScoredPair> q in top.GroupBy(p => p.Query))
        {
            Assert.True(q.Count() <= 2);
            double best = all.Where(p => p.Query == q.Key).Max(p => p.Score);
            Assert.Equal(best, q.Max(p => p.Score));
        }
    }

    [Fact]
    public void Match_SingleAndAllCores_GiveTheSamePairs()
    {
        FilterSet candidates = TestData.RandomFilters(1500, 1024, seed: 21);
        FilterSet queries = TestData.Perturbed(candidates, seed: 22, flips: 40);
        var one = Matcher.Match(queries, candidates, new MatchOptions { Threshold = 0.7, MaxDegreeOfParallelism = 1 });
        var all = Matcher.Match(queries, candidates, new MatchOptions { Threshold = 0.7 });
        Assert.Equal(one, all);
    }

    /// <summary>Every pair scored with the portable reference kernel and no pruning.</summary>
    private static List<(int Q, int C, double Score)> AllScores(FilterSet queries, FilterSet candidates)
    {
        var scores = new List<(int, int, double)>();
        for (int q = 0; q < queries.Count; q++)
        {
            int popQ = queries.PopCount(q);
            for (int c = 0; c < candidates.Count; c++)
            {
                int common = PairKernels.AndPopCount(queries[q], candidates[c], KernelKind.Portable);
                double score = DiceMath.Score(common, popQ, candidates.PopCount(c));
                if (score >= 0.3)
                {
                    scores.Add((q, c, score));
                }
            }
        }

        return scores;
    }
}
