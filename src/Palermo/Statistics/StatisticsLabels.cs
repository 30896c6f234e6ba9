namespace Palermo.Statistics;

/// <summary>
/// What a page or a chart shows for a published code. Files keep the codes (SDMX, CSV and JSON are read by
/// programs and their columns are a contract); people read words. The forms of exploitation read as the case page
/// names the HTCDS values they come from ("Sexual exploitation", "Forced begging"), so a worker who records a form
/// finds it under the same words in the statistics.
/// </summary>
public static class StatisticsLabels
{
    private static readonly Dictionary<string, string> Exploitation = new(StringComparer.Ordinal)
    {
        [ExploitationTop.Sexual.Code()] = "Sexual exploitation",
        [ExploitationTop.ForcedLabour.Code()] = "Forced labour",
        [ExploitationTop.Other.Code()] = "Other forms (all of those below)",
        [ExploitationTop.Unknown.Code()] = "Not known",
        [ExploitationForm.ForcedCriminalActivity.Code()] = "Forced criminal activity",
        [ExploitationForm.Begging.Code()] = "Forced begging",
        [ExploitationForm.ForcedMarriage.Code()] = "Forced marriage",
        [ExploitationForm.OrganRemoval.Code()] = "Organ removal",
        [ExploitationForm.IllegalAdoption.Code()] = "Forced adoption",
        [ExploitationForm.ArmedGroups.Code()] = "Forced military service by non-state actors",
        [ExploitationForm.Pornography.Code()] = "Pornography",
        [ExploitationForm.BenefitFraud.Code()] = "Benefit fraud",
        [ExploitationForm.Mixed.Code()] = "Several forms",
        [ExploitationForm.OtherUnspecified.Code()] = "Other",
        [Codes.Total] = "Total",
    };

    private static readonly Dictionary<string, string> Sexes = new(StringComparer.Ordinal)
    {
        [Sex.Female.Code()] = "Female", [Sex.Male.Code()] = "Male", [Sex.Other.Code()] = "Other", [Sex.Unknown.Code()] = "Sex not known", [Codes.Total] = "Total",
    };

    private static readonly Dictionary<string, string> Ages = new(StringComparer.Ordinal)
    {
        [AgeGroup.Child.Code()] = "Children (under 18)", [AgeGroup.Adult.Code()] = "Adults (18 or over)", [AgeGroup.Unknown.Code()] = "Age not known", [Codes.Total] = "Total",
    };

    private static readonly Dictionary<string, string> Flows = new(StringComparer.Ordinal)
    {
        [FlowClass.Domestic.Code()] = "Domestic",
        [FlowClass.Subregional.Code()] = "Within the subregion",
        [FlowClass.Intraregional.Code()] = "Within the region",
        [FlowClass.Transregional.Code()] = "Between regions",
        [FlowClass.Unknown.Code()] = "Not known",
        [Codes.Total] = "Total",
    };

    /// <summary>The words for a form of exploitation's published code (<c>OTHER_BEGGING</c> reads "Forced begging").</summary>
    public static string Form(string code) => Exploitation.GetValueOrDefault(code, code);

    /// <summary>The words for an indicator ("Detected victims").</summary>
    public static string Of(Indicator indicator) => indicator switch
    {
        Indicator.DetectedVictims => "Detected victims",
        Indicator.Suspects => "Suspects",
        Indicator.Prosecuted => "Persons prosecuted",
        Indicator.Convicted => "Persons convicted",
        _ => indicator.Code(),
    };

    /// <summary>The heading for a table's dimension ("exploitation" reads "Form of exploitation").</summary>
    public static string Dimension(string dimension) => dimension switch
    {
        "sex" => "Sex",
        "age" => "Age",
        "exploitation" => "Form of exploitation",
        "citizenship" => "Citizenship",
        "country" => "Country of detection",
        "flow" => "Flow",
        "value" => "Persons",
        _ => dimension,
    };

    /// <summary>
    /// The words for a code of a table's dimension. Countries stay ISO 3166 alpha-3 codes (the country list holds no
    /// names); regions read as the Global Report names them.
    /// </summary>
    public static string Of(string tableId, string dimension, string code, CountryTable countries) => (tableId, dimension) switch
    {
        (_, "exploitation") => Form(code),
        (_, "sex") => Sexes.GetValueOrDefault(code, code),
        (_, "age") => Ages.GetValueOrDefault(code, code),
        (_, "flow") => Flows.GetValueOrDefault(code, code),
        ("REGION", _) => Region(code, countries),
        _ when code == Codes.Total => "Total",
        _ when code == Codes.UnknownCountry => "Not known",
        _ => code,
    };

    /// <summary>A region code in words, as the Global Report names it.</summary>
    public static string Region(string code, CountryTable countries) => code switch
    {
        Codes.Total => "Total",
        CountryTable.UnknownRegionCode => "Unknown region",
        _ when countries.RegionCodes.ToList().IndexOf(code) is var i and >= 0 => countries.Regions[i],
        _ => code,
    };
}
