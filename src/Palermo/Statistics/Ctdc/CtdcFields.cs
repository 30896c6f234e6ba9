namespace Palermo.Statistics.Ctdc;

/// <summary>The CTDC codebook (2024) field names and value spellings, verbatim from ctdc.md.</summary>
public static class CtdcFields
{
    public static readonly string[] Header =
    [
        "yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation", "traffickMonths",
        "meansDebtBondageEarnings", "meansThreats", "meansAbusePsyPhySex", "meansFalsePromises", "meansDrugsAlcohol",
        "meansDenyBasicNeeds", "meansExcessiveWorkHours", "meansWithholdDocs",
        "isForcedLabour", "isSexualExploit", "isOtherExploit",
        "typeOfLabourAgriculture", "typeOfLabourConstruction", "typeOfLabourDomesticWork", "typeOfLabourHospitality",
        "typeOfSexProstitution", "typeOfSexPornography",
        "recruiterRelationIntimatePartner", "recruiterRelationFriend", "recruiterRelationFamily", "recruiterRelationOther",
    ];

    /// <summary>ageBroad bands; index 0 is "unknown" (empty), 1..9 the bands in order.</summary>
    public static readonly string[] AgeBands = ["", "0--8", "09--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+"];

    /// <summary>gender values by <see cref="Sex"/>: Unknown → empty.</summary>
    public static string Gender(Sex sex) => sex switch
    {
        Sex.Female => "Woman",
        Sex.Male => "Man",
        Sex.Other => "Trans/Transgender/NonConforming",
        _ => "",
    };

    public static int AgeBand(byte? age) => age switch
    {
        null => 0,
        <= 8 => 1,
        <= 17 => 2,
        <= 20 => 3,
        <= 23 => 4,
        <= 26 => 5,
        <= 29 => 6,
        <= 38 => 7,
        <= 47 => 8,
        _ => 9,
    };

    public static string Months(TraffickingDuration duration) => duration switch
    {
        TraffickingDuration.UpTo12Months => "0--12 (0-1 yr)",
        TraffickingDuration.From13To24Months => "13--24 (1-2 yrs)",
        TraffickingDuration.Over24Months => "25+ (2+ yrs)",
        _ => "",
    };
}
