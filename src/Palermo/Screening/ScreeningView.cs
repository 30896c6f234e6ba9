namespace Palermo.Screening;

/// <summary>A screening as its readers see it: the stored outcome with the reasons, recomputed from the same list version.</summary>
public sealed record ScreeningView(
    Guid Id,
    Guid OrganisationId,
    DateTime CreatedAt,
    string ListId,
    string ListVersion,
    string ListTitle,
    bool ListVerified,
    SubjectGroup SubjectGroup,
    ExploitationType Exploitation,
    ScreeningOutcome Outcome,
    string OutcomeText,
    IReadOnlyList<int> PositiveDimensions,
    string Explanation,
    IReadOnlyList<DimensionFinding> Dimensions,
    string? ForcedLabourListId,
    string? ForcedLabourListVersion,
    IReadOnlyList<Indicator> ForcedLabourPresent,
    int ForcedLabourTotal,
    string ForcedLabourNote,
    Guid? CaseId,
    string Caveat)
{
    public static ScreeningView From(Screening s, IndicatorList list, IndicatorList? forcedLabour)
    {
        var a = DecisionRule.Evaluate(list, s.IndicatorIds);
        var present = forcedLabour?.Indicators.Where(i => s.ForcedLabourIndicatorIds.Contains(i.Id)).ToList() ?? [];
        return new ScreeningView(
            s.Id, s.OrganisationId, s.CreatedAt, s.ListId, s.ListVersion, list.Title, list.IsVerified, s.SubjectGroup, s.Exploitation,
            // The stored outcome is the record; the list version is immutable, so the reasons recomputed here match it.
            s.Outcome, ScreeningAssessment.Describe(s.Outcome), s.PositiveDimensions, a.Explanation, a.Dimensions,
            s.ForcedLabourListId, s.ForcedLabourListVersion, present, forcedLabour?.Indicators.Count ?? 0,
            $"{present.Count} of {forcedLabour?.Indicators.Count ?? 0} ILO forced-labour indicators present. {ScreeningAssessment.ForcedLabourNote}",
            s.CaseId, ScreeningAssessment.Caveat);
    }
}

public sealed record ScreeningSummary(
    Guid Id, DateTime CreatedAt, string ListId, string ListVersion, SubjectGroup SubjectGroup, ExploitationType Exploitation,
    ScreeningOutcome Outcome, string OutcomeText, IReadOnlyList<int> PositiveDimensions, int ForcedLabourPresent, Guid? CaseId);
