namespace Palermo.Statistics;

/// <summary>What a record counts. Victims, suspects, prosecuted and convicted persons share every table
/// shape, so the indicator is just one more dimension of the same cube.</summary>
public enum Indicator : byte
{
    DetectedVictims = 0,
    Suspects = 1,
    Prosecuted = 2,
    Convicted = 3,
}

/// <summary>GLOTIP sex categories (Female, Male, Other, Unknown).</summary>
public enum Sex : byte
{
    Unknown = 0,
    Female = 1,
    Male = 2,
    Other = 3,
}

/// <summary>GLOTIP age groups at identification: 0–17, 18 or over, unknown.</summary>
public enum AgeGroup : byte
{
    Unknown = 0,
    Child = 1,
    Adult = 2,
}

/// <summary>Flow classes of the Global Report, from citizenship (origin proxy) to country of detection.</summary>
public enum FlowClass : byte
{
    Unknown = 0,
    Domestic = 1,
    Subregional = 2,
    Intraregional = 3,
    Transregional = 4,
}

/// <summary>The published code of every dimension value; one place so CSV, SDMX, JSON and charts agree.</summary>
public static class Codes
{
    /// <summary>Total over a breakdown (SDMX convention).</summary>
    public const string Total = "_T";

    /// <summary>Unknown country or citizenship.</summary>
    public const string UnknownCountry = "_U";

    public static string Code(this Indicator value) => value switch
    {
        Indicator.DetectedVictims => "DETECTED_VICTIMS",
        Indicator.Suspects => "SUSPECTS",
        Indicator.Prosecuted => "PROSECUTED",
        Indicator.Convicted => "CONVICTED",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Code(this Sex value) => value switch
    {
        Sex.Female => "F",
        Sex.Male => "M",
        Sex.Other => "O",
        _ => "U",
    };

    public static string Code(this AgeGroup value) => value switch
    {
        AgeGroup.Child => "Y0T17",
        AgeGroup.Adult => "Y_GE18",
        _ => "U",
    };

    public static string Code(this FlowClass value) => value switch
    {
        FlowClass.Domestic => "DOMESTIC",
        FlowClass.Subregional => "SUBREGIONAL",
        FlowClass.Intraregional => "INTRAREGIONAL",
        FlowClass.Transregional => "TRANSREGIONAL",
        _ => "UNKNOWN",
    };

    public static readonly Sex[] Sexes = [Sex.Female, Sex.Male, Sex.Other, Sex.Unknown];
    public static readonly AgeGroup[] AgeGroups = [AgeGroup.Child, AgeGroup.Adult, AgeGroup.Unknown];
    public static readonly FlowClass[] FlowClasses =
        [FlowClass.Domestic, FlowClass.Subregional, FlowClass.Intraregional, FlowClass.Transregional, FlowClass.Unknown];
    public static readonly Indicator[] Indicators =
        [Indicator.DetectedVictims, Indicator.Suspects, Indicator.Prosecuted, Indicator.Convicted];
}
