using Palermo.Screening;

namespace Palermo.Tests.Screening;

public sealed class DecisionRuleTests
{
    private static IndicatorList AdultLabour => BuiltInLists.All.Single(l => l.Id == "ilo-ec-adult-labour");
    private static IndicatorList ChildLabour => BuiltInLists.All.Single(l => l.Id == "ilo-ec-child-labour");

    [Theory]
    [InlineData(2, 0, 0, true)]
    [InlineData(1, 1, 0, true)]
    [InlineData(1, 0, 1, true)]
    [InlineData(0, 3, 0, true)]
    [InlineData(0, 2, 1, true)]
    [InlineData(1, 0, 0, false)]
    [InlineData(0, 2, 0, false)]
    [InlineData(0, 1, 2, false)]
    [InlineData(0, 0, 1, false)]
    [InlineData(0, 0, 4, false)]
    [InlineData(0, 0, 0, false)]
    public void IsPositive_GradeCombination_FollowsTheBrochureRule(int strong, int medium, int weak, bool positive) =>
        Assert.Equal(positive, DecisionRule.IsPositive(strong, medium, weak));

    [Fact]
    public void Evaluate_TwoStrongInDimensionFive_MakesItPositiveAndNamesTheIndicators()
    {
        var a = DecisionRule.Evaluate(AdultLabour, ["5.confiscation-of-documents", "5.debt-bondage"]);
        var five = a.Dimensions.Single(d => d.Dimension == 5);
        Assert.True(five.Positive);
        Assert.Equal(["Confiscation of documents", "Debt bondage"], five.Present.Select(i => i.Wording));
        Assert.Equal("Positive: 2 strong.", five.Reason);
        Assert.Equal([5], a.PositiveDimensions);
    }

    [Fact]
    public void Evaluate_ThreeMediumAndTwoMediumPlusWeak_ArePositive()
    {
        var a = DecisionRule.Evaluate(AdultLabour, ["1.conditions-of-work", "1.wages-earnings", "1.family-reunification",
            "3.abuse-of-illegal-status", "3.economic-reasons", "3.general-context"]);
        Assert.Equal([1, 3], a.PositiveDimensions);
        Assert.Equal("Positive: 2 medium, 1 weak.", a.Dimensions.Single(d => d.Dimension == 3).Reason);
    }

    [Fact]
    public void Evaluate_OnlyWeakIndicators_NeverPositiveAndSaysWhy()
    {
        var weak = AdultLabour.Indicators.Where(i => i.Grade == Grade.Weak).Select(i => i.Id).ToList();
        var a = DecisionRule.Evaluate(AdultLabour, weak);
        Assert.Empty(a.PositiveDimensions);
        Assert.Equal(ScreeningOutcome.NotIndicated, a.Outcome);
        Assert.Contains("weak indicators alone never", a.Dimensions.Single(d => d.Dimension == 3).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AdultWithRecruitmentAndExploitationButNoMeans_IsNotIndicated()
    {
        var a = DecisionRule.Evaluate(AdultLabour, ["2.violence-on-victims", "2.debt-bondage", "4.excessive-working-days-or-hours", "4.low-or-no-salary"]);
        Assert.Equal(ScreeningOutcome.NotIndicated, a.Outcome);
        Assert.Equal([2, 4], a.PositiveDimensions);
        Assert.StartsWith("Not indicated by screening.", a.Explanation, StringComparison.Ordinal);
        Assert.Contains("(5 or 6)", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AdultWithRecruitmentExploitationAndCoercion_IsPresumedVictimNamingTheDimensions()
    {
        var a = DecisionRule.Evaluate(AdultLabour, ["1.nature-of-job-location-or-employer", "1.wages-earnings",
            "4.excessive-working-days-or-hours", "4.low-or-no-salary", "5.confiscation-of-documents", "5.withholding-of-wages"]);
        Assert.Equal(ScreeningOutcome.PresumedVictim, a.Outcome);
        Assert.Equal([1, 4, 5], a.PositiveDimensions);
        Assert.Contains("1 (Deceptive recruitment", a.Explanation, StringComparison.Ordinal);
        Assert.Contains("4 (Exploitative conditions of work", a.Explanation, StringComparison.Ordinal);
        Assert.Contains("5 (Coercion at destination)", a.Explanation, StringComparison.Ordinal);
        Assert.Equal("presumed victim (screening)", ScreeningAssessment.Describe(a.Outcome));
    }

    [Fact]
    public void Evaluate_AbuseOfVulnerabilityAtDestination_SatisfiesTheMeansForAdults()
    {
        var a = DecisionRule.Evaluate(AdultLabour, ["3.abuse-of-illegal-status", "3.economic-reasons", "3.family-situation",
            "4.excessive-working-days-or-hours", "4.hazardous-work", "6.dependency-on-exploiters", "6.economic-reasons", "6.family-situation"]);
        Assert.Equal(ScreeningOutcome.PresumedVictim, a.Outcome);
        Assert.Equal([3, 4, 6], a.PositiveDimensions);
    }

    [Fact]
    public void Evaluate_ChildWithRecruitmentAndExploitation_IsPresumedVictimWithoutMeans()
    {
        // For a child, debt bondage in recruitment is strong, so with one more indicator dimension 2 is positive.
        string[] ids = ["2.debt-bondage", "2.withholding-of-money", "4.excessive-working-days-or-hours", "4.no-access-to-education"];
        var child = DecisionRule.Evaluate(ChildLabour, ids);
        Assert.Equal(ScreeningOutcome.PresumedVictim, child.Outcome);
        // The result says why no coercion at destination was needed.
        Assert.Contains("a child needs no means", child.Explanation, StringComparison.Ordinal);
        Assert.Equal(ScreeningOutcome.NotIndicated, DecisionRule.Evaluate(AdultLabour, ids).Outcome);
        Assert.DoesNotContain("needs no means", DecisionRule.Evaluate(AdultLabour, ids).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ChildWithoutExploitation_IsNotIndicated()
    {
        var a = DecisionRule.Evaluate(ChildLabour, ["1.access-to-education-opportunities", "1.wages-earnings", "5.debt-bondage", "5.violence-on-victims"]);
        Assert.Equal(ScreeningOutcome.NotIndicated, a.Outcome);
        Assert.Equal([1, 5], a.PositiveDimensions);
        Assert.Contains("the rule for a child is (1 or 2 or 3) and 4", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NothingObserved_IsNotIndicatedAndCaveatSaysItIsNoLegalDecision()
    {
        var a = DecisionRule.Evaluate(AdultLabour, []);
        Assert.Equal(ScreeningOutcome.NotIndicated, a.Outcome);
        Assert.Contains("No dimension is positive", a.Explanation, StringComparison.Ordinal);
        Assert.Contains("not a legal decision", ScreeningAssessment.Caveat, StringComparison.Ordinal);
    }
}
