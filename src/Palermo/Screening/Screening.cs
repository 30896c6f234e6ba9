using Palermo.Data;

namespace Palermo.Screening;

/// <summary>
/// One indicator screening: which list (id and version) was used, which indicators were observed, and the outcome the
/// decision rule gave. Holds no personal data, so a frontline officer can screen before anything about the person is
/// recorded; it can be attached to a case later.
/// </summary>
public sealed class Screening : IVersioned
{
    private Screening() { ListId = ""; ListVersion = ""; IndicatorIds = []; PositiveDimensions = []; ForcedLabourIndicatorIds = []; }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Guid ScreenedBy { get; private set; }
    public string ListId { get; private set; }
    public string ListVersion { get; private set; }
    public SubjectGroup SubjectGroup { get; private set; }
    public ExploitationType Exploitation { get; private set; }
    public string[] IndicatorIds { get; private set; }
    public ScreeningOutcome Outcome { get; private set; }
    public int[] PositiveDimensions { get; private set; }
    public string? ForcedLabourListId { get; private set; }
    public string? ForcedLabourListVersion { get; private set; }
    public string[] ForcedLabourIndicatorIds { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public Guid? CaseId { get; private set; }
    public DateTime? AttachedAt { get; private set; }
    public long Version { get; set; }

    /// <summary>Records a screening, refusing indicators that are not on the lists, and computes its outcome.</summary>
    public static Screening Record(
        Guid organisationId, Guid screenedBy, IndicatorList list, IEnumerable<string>? indicators,
        IndicatorList forcedLabourList, IEnumerable<string>? forcedLabourIndicators, DateTime now)
    {
        if (list.Kind != ListKind.Operational) throw new DomainException("list", "Choose an operational indicator list (adult or child, labour or sexual exploitation).");
        if (forcedLabourList.Kind != ListKind.ForcedLabour) throw new DomainException("forcedLabourIndicators", "The forced-labour checklist is not a forced-labour list.");
        var chosen = Validate(list, indicators, "indicators");
        var forced = Validate(forcedLabourList, forcedLabourIndicators, "forcedLabourIndicators");
        var assessment = DecisionRule.Evaluate(list, chosen);
        return new Screening
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            ScreenedBy = screenedBy,
            ListId = list.Id,
            ListVersion = list.Version,
            SubjectGroup = list.SubjectGroup!.Value,
            Exploitation = list.Exploitation!.Value,
            IndicatorIds = chosen,
            Outcome = assessment.Outcome,
            PositiveDimensions = [.. assessment.PositiveDimensions],
            ForcedLabourListId = forcedLabourList.Id,
            ForcedLabourListVersion = forcedLabourList.Version,
            ForcedLabourIndicatorIds = forced,
            CreatedAt = now,
        };
    }

    /// <summary>Links the screening to a case. Attaching again to the same case changes nothing; to another case is refused.</summary>
    /// <returns>Whether anything changed.</returns>
    public bool AttachToCase(Guid caseId, DateTime now)
    {
        if (caseId == Guid.Empty) throw new DomainException("caseId", "A case id is required.");
        if (CaseId == caseId) return false;
        if (CaseId is not null) throw new DomainException("caseId", "This screening is already attached to another case.");
        CaseId = caseId;
        AttachedAt = now;
        return true;
    }

    private static string[] Validate(IndicatorList list, IEnumerable<string>? ids, string field)
    {
        var chosen = (ids ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct(StringComparer.Ordinal).ToArray();
        // The ids are caller input: count them rather than echo them, as input may hold anything.
        var unknown = chosen.Count(i => list.Find(i) is null);
        if (unknown > 0) throw new DomainException(field, $"{unknown} of the chosen indicators are not on list {list.Id} version {list.Version}.");
        // Keep the list's order, so the stored record reads like the checklist.
        return list.Indicators.Where(i => chosen.Contains(i.Id, StringComparer.Ordinal)).Select(i => i.Id).ToArray();
    }
}
