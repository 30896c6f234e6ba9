using Palermo.Statistics;
using Palermo.Statistics.Synthetic;

namespace Palermo.Tests.Statistics;

public sealed class SyntheticGeneratorTests
{
    /// <summary>Four standard errors of a share p estimated from n draws.</summary>
    private static double Tolerance(double p, int n) => 4 * Math.Sqrt(p * (1 - p) / n);

    [Fact]
    public void Generate_SameSeed_SameRecords()
    {
        Assert.Equal(TestData.Records(500, 9), TestData.Records(500, 9));
        Assert.NotEqual(TestData.Records(500, 9), TestData.Records(500, 10));
    }

    [Fact]
    public void Generate_60000Records_ReproducesGlotipSharesWithinSamplingError()
    {
        var cube = StatisticsEngine.Compute(TestData.MediumRecords, new StatisticsQuery(), TestData.Countries);
        var years = cube.Years.ToList();
        int Sum(Func<int, int> perYear) => years.Sum(perYear);
        int SexAge(Sex s, AgeGroup a) => Sum(y => cube.SexAge(Indicator.DetectedVictims, y, s, a));

        var groups = SyntheticShares.SexAge.Select(t => (t.Share, Count: SexAge(t.Sex, t.Age))).ToList();
        var known = groups.Sum(g => g.Count);
        Assert.All(groups, g => Assert.InRange((double)g.Count / known, g.Share - Tolerance(g.Share, known), g.Share + Tolerance(g.Share, known)));

        var persons = cube.PersonsCounted;
        var n = cube.CountrySlots;
        var domestic = Sum(y => Enumerable.Range(0, n - 1).Sum(c => cube.Flow(Indicator.DetectedVictims, y, c, c)));
        Assert.InRange((double)domestic / persons, 0.58 - Tolerance(0.58, persons), 0.58 + Tolerance(0.58, persons));

        var transregional = Sum(y => Enumerable.Range(0, n - 1).Sum(c => Enumerable.Range(0, n - 1)
            .Where(d => TestData.Countries.Classify(c, d) == FlowClass.Transregional)
            .Sum(d => cube.Flow(Indicator.DetectedVictims, y, c, d))));
        Assert.InRange((double)transregional / persons, 0.09 - Tolerance(0.09, persons), Math.Min(0.1, 0.09 + Tolerance(0.09, persons)));

        var sexual = Sum(y => cube.Form(Indicator.DetectedVictims, y, ExploitationForm.Sexual));
        var labour = Sum(y => cube.Form(Indicator.DetectedVictims, y, ExploitationForm.ForcedLabour));
        Assert.InRange((double)sexual / persons, 0.38 - Tolerance(0.38, persons), 0.38 + Tolerance(0.38, persons));
        Assert.InRange((double)labour / persons, 0.42 - Tolerance(0.42, persons), 0.42 + Tolerance(0.42, persons));
        Assert.InRange((double)(persons - sexual - labour) / persons, 0.20 - Tolerance(0.20, persons), 0.20 + Tolerance(0.20, persons));
    }
}
