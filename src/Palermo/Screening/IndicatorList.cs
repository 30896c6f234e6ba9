using System.Text.Json.Serialization;

namespace Palermo.Screening;

[JsonConverter(typeof(JsonStringEnumConverter<SubjectGroup>))]
public enum SubjectGroup
{
    Adult = 1,
    Child = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<ExploitationType>))]
public enum ExploitationType
{
    Labour = 1,
    Sexual = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<ListKind>))]
public enum ListKind
{
    /// <summary>ILO/EC operational indicators: six dimensions, graded, with the decision rule.</summary>
    Operational = 1,
    /// <summary>ILO indicators of forced labour: ungraded; the screening reports how many are present.</summary>
    ForcedLabour = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<Grade>))]
public enum Grade
{
    Strong = 1,
    Medium = 2,
    Weak = 3,
}

/// <param name="Dimension">1–6 for operational lists; null on the forced-labour list.</param>
/// <param name="Grade">Null on the forced-labour list.</param>
/// <param name="Verified">False while the grade is taken from secondary sources rather than the official brochure.</param>
public sealed record Indicator(string Id, int? Dimension, string Wording, Grade? Grade, bool Verified, string Source);

/// <summary>
/// One indicator checklist, loaded from data so that an administrator can load the official brochure's grades or a
/// national variant. A list is immutable once published: a screening records its id and version.
/// </summary>
/// <param name="PresumedVictimWhen">
/// The presumption rule as groups of dimensions: every group needs at least one positive dimension
/// (adults: [1,2,3], [4], [5,6]; children: [1,2,3], [4]). Empty on the forced-labour list.
/// </param>
public sealed record IndicatorList(
    string Id,
    string Version,
    string Title,
    ListKind Kind,
    SubjectGroup? SubjectGroup,
    ExploitationType? Exploitation,
    string Source,
    IReadOnlyList<IReadOnlyList<int>> PresumedVictimWhen,
    IReadOnlyList<Indicator> Indicators)
{
    public Indicator? Find(string id) => Indicators.FirstOrDefault(i => i.Id == id);

    public bool IsVerified => Indicators.All(i => i.Verified);
}
