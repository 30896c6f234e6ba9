namespace Palermo.Screening;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ScreeningOutcome>))]
public enum ScreeningOutcome
{
    NotIndicated = 1,
    PresumedVictim = 2,
}

/// <summary>One dimension's finding: which indicators were present and why that does or does not make it positive.</summary>
public sealed record DimensionFinding(int Dimension, string Name, bool Positive, IReadOnlyList<Indicator> Present, string Reason);

/// <summary>What the operational indicators say, with the reasons, and the forced-labour count alongside.</summary>
public sealed record ScreeningAssessment(
    ScreeningOutcome Outcome,
    IReadOnlyList<int> PositiveDimensions,
    IReadOnlyList<DimensionFinding> Dimensions,
    string Explanation)
{
    public const string Caveat =
        "This is a screening aid, not a legal decision. Only the competent authority decides whether a person is a victim " +
        "of trafficking (reasonable- and conclusive-grounds decisions). A screening that does not indicate trafficking " +
        "does not rule it out; refer the person when in doubt.";

    public const string ForcedLabourNote = "One indicator can suffice; several together point to forced labour.";

    public static string Describe(ScreeningOutcome outcome) =>
        outcome == ScreeningOutcome.PresumedVictim ? "presumed victim (screening)" : "not indicated by screening";
}

/// <summary>
/// The ILO/EC decision rule. A dimension is positive with at least two strong indicators; or one strong and one
/// medium or weak; or three medium; or two medium and one weak — weak indicators alone never. The list's own
/// presumption rule (groups of dimensions) then decides: adults need recruitment, exploitation and the means at
/// destination; children need no means (Palermo Protocol Art. 3(c)).
/// </summary>
public static class DecisionRule
{
    public static bool IsPositive(int strong, int medium, int weak) =>
        strong >= 2
        || (strong >= 1 && medium + weak >= 1)
        || medium >= 3
        || (medium >= 2 && weak >= 1);

    public static ScreeningAssessment Evaluate(IndicatorList list, IEnumerable<string> selectedIds)
    {
        if (list.Kind != ListKind.Operational) throw new DomainException("list", "Only an operational indicator list has a decision rule.");
        var selected = selectedIds.ToHashSet(StringComparer.Ordinal);
        var findings = new List<DimensionFinding>(Palermo.Screening.Dimensions.Last);
        for (var d = Palermo.Screening.Dimensions.First; d <= Palermo.Screening.Dimensions.Last; d++)
        {
            var present = list.Indicators.Where(i => i.Dimension == d && selected.Contains(i.Id)).OrderBy(i => i.Grade).ToList();
            int strong = present.Count(i => i.Grade == Grade.Strong), medium = present.Count(i => i.Grade == Grade.Medium), weak = present.Count(i => i.Grade == Grade.Weak);
            var positive = IsPositive(strong, medium, weak);
            findings.Add(new DimensionFinding(d, Palermo.Screening.Dimensions.Name(d), positive, present, Reason(positive, strong, medium, weak)));
        }

        var positiveDims = findings.Where(f => f.Positive).Select(f => f.Dimension).ToList();
        var missing = list.PresumedVictimWhen.Where(g => !g.Any(positiveDims.Contains)).ToList();
        var outcome = missing.Count == 0 ? ScreeningOutcome.PresumedVictim : ScreeningOutcome.NotIndicated;
        return new ScreeningAssessment(outcome, positiveDims, findings, Explain(list, outcome, positiveDims, missing));
    }

    /// <summary>The presumption rule in words, e.g. "(1 or 2 or 3) and 4 and (5 or 6)".</summary>
    public static string RuleText(IndicatorList list) => string.Join(" and ", list.PresumedVictimWhen.Select(Group));

    private static string Group(IReadOnlyList<int> g) => g.Count == 1 ? g[0].ToString() : "(" + string.Join(" or ", g) + ")";

    private static string Explain(IndicatorList list, ScreeningOutcome outcome, List<int> positive, List<IReadOnlyList<int>> missing)
    {
        var who = list.SubjectGroup == SubjectGroup.Child ? "a child" : "an adult";
        var rule = $"the rule for {who} is {RuleText(list)}";
        // Say why dimensions 5 and 6 do not count here, so the result does not read as an oversight.
        if (list.SubjectGroup == SubjectGroup.Child && !list.PresumedVictimWhen.Any(g => g.Contains(5) || g.Contains(6)))
            rule += " (a child needs no means such as coercion or abuse of vulnerability at destination: Palermo Protocol Art. 3(c))";
        var pos = positive.Count == 0 ? "No dimension is positive" : $"Positive dimensions: {Names(positive)}";
        return outcome == ScreeningOutcome.PresumedVictim
            ? $"Presumed victim (screening). {pos}; {rule}, and it is met."
            : $"Not indicated by screening. {pos}; {rule}, and no dimension of {string.Join(", ", missing.Select(Group))} is positive.";
    }

    private static string Names(IEnumerable<int> dims) =>
        string.Join(", ", dims.Select(d => $"{d} ({Palermo.Screening.Dimensions.Name(d)})"));

    private static string Reason(bool positive, int strong, int medium, int weak)
    {
        if (strong + medium + weak == 0) return "No indicator present.";
        var counts = string.Join(", ", new[] { (strong, "strong"), (medium, "medium"), (weak, "weak") }.Where(c => c.Item1 > 0).Select(c => $"{c.Item1} {c.Item2}"));
        if (positive) return $"Positive: {counts}.";
        return strong == 0 && medium == 0
            ? $"Not positive: {counts} — weak indicators alone never make a dimension positive."
            : $"Not positive: {counts} — needs two strong; one strong and one medium or weak; three medium; or two medium and one weak.";
    }
}
