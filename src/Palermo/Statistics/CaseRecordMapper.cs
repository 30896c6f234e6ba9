using Palermo.Cases;
using Palermo.Organisations;

namespace Palermo.Statistics;

/// <summary>Maps case rows through <see cref="HtcdsMapping"/>. The flag combinations and country codes repeat
/// across a million cases, so each distinct value is mapped once and cached.</summary>
internal sealed class CaseRecordMapper
{
    private readonly Dictionary<ExploitationType, (ExploitationForm Form, ExploitationTypes Types)> _forms = [];
    private readonly Dictionary<MethodOfControl, ControlMeans> _means = [];
    private readonly Dictionary<SexExploitationType, SexExploitationTypes> _sexTypes = [];
    private readonly Dictionary<string, CountryCode?> _countries = new(StringComparer.Ordinal);

    public StatisticsRecord Map(CaseRow row, Gender gender, CountryCode? citizenship, OrganisationKind kind, CountryCode? recruitmentCountry, CountryCode? exploitationCountry,
        DateOnly? traffickedSince = null)
    {
        var (form, types) = Form(row.Exploitation);
        var ctdc = new CtdcAttributes(
            row.Age is >= 0 and <= 255 ? (byte)row.Age.Value : null,
            Means(row.Methods), types, HtcdsMapping.Labour(row.Industry?.ToString()), SexTypes(row.SexTypes),
            Recruiter(row.Relationship), HtcdsMapping.Duration(Months(traffickedSince, row.IdentifiedOn)));
        return new StatisticsRecord(
            LoadStatisticsRecords.PersonKey(row.PersonId), Indicator.DetectedVictims, row.IdentifiedOn,
            Sex(gender), HtcdsMapping.Age(row.Age), form,
            citizenship, Country(row.CountryOfDetection),
            recruitmentCountry, exploitationCountry, kind, ctdc);
    }

    /// <summary>Whole months from the start of the trafficking situation (the earliest dated recruitment or
    /// exploitation event) to identification; null when no event is dated or the date is after identification.</summary>
    public static int? Months(DateOnly? since, DateOnly identified)
    {
        if (since is not { } s || s > identified) return null;
        return (identified.Year - s.Year) * 12 + identified.Month - s.Month - (identified.Day < s.Day ? 1 : 0);
    }

    public static string FirstCitizenship(string citizenships)
    {
        var end = citizenships.IndexOf(';', StringComparison.Ordinal);
        return end < 0 ? citizenships : citizenships[..end];
    }

    private readonly Dictionary<Gender, Sex> _sexes = [];

    private Sex Sex(Gender gender)
    {
        if (!_sexes.TryGetValue(gender, out var sex))
        {
            sex = HtcdsMapping.Sex(gender.ToString());
            _sexes[gender] = sex;
        }

        return sex;
    }

    private (ExploitationForm, ExploitationTypes) Form(ExploitationType value)
    {
        if (!_forms.TryGetValue(value, out var mapped))
        {
            var names = Vocabulary.Names(value).ToList();
            mapped = (ExploitationForms.FromHtcds(names), HtcdsMapping.Exploitation(names));
            _forms[value] = mapped;
        }

        return mapped;
    }

    private ControlMeans Means(MethodOfControl value)
    {
        if (!_means.TryGetValue(value, out var mapped))
        {
            mapped = HtcdsMapping.Means(Vocabulary.Names(value));
            _means[value] = mapped;
        }

        return mapped;
    }

    private static RecruiterRelations Recruiter(RelationshipToTrafficker? relationship) => relationship switch
    {
        null => RecruiterRelations.None,
        var r => HtcdsMapping.Recruiter(r.Value.ToString()),
    };

    private SexExploitationTypes SexTypes(SexExploitationType value)
    {
        if (!_sexTypes.TryGetValue(value, out var mapped))
        {
            mapped = HtcdsMapping.SexTypes(Vocabulary.Names(value));
            _sexTypes[value] = mapped;
        }

        return mapped;
    }

    public CountryCode? Country(string? alpha3)
    {
        if (string.IsNullOrEmpty(alpha3)) return null;
        if (!_countries.TryGetValue(alpha3, out var code))
        {
            code = CountryCode.TryParse(alpha3, out var parsed) ? parsed : null;
            _countries[alpha3] = code;
        }

        return code;
    }
}
