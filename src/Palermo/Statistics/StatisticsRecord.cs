using Palermo.Organisations;

namespace Palermo.Statistics;

/// <summary>One de-identified record given to the statistics module: no name, no date of birth, only coded
/// attributes. The case module produces one per person per identification (trafficking status possible or
/// actual victim; persons found not to be victims are left out by the producer) and, for the other
/// indicators, one per suspect / prosecuted / convicted person. <see cref="PersonKey"/> is a stable
/// pseudonymous key used only to count each person once per indicator and year.</summary>
/// <param name="PersonKey">Pseudonymous person key (never the database id shown to users).</param>
/// <param name="Indicator">What the record counts.</param>
/// <param name="IdentifiedOn">Date of identification (victims) or of the procedural step (others).</param>
/// <param name="Sex">GLOTIP sex.</param>
/// <param name="Age">Age group at identification.</param>
/// <param name="Form">Detail form of exploitation; several forms recorded → <see cref="ExploitationForm.Mixed"/>.</param>
/// <param name="Citizenship">Citizenship (origin proxy); null when unknown.</param>
/// <param name="CountryOfDetection">Country where the person was identified.</param>
/// <param name="RecruitmentCountry">Country of recruitment, when recorded.</param>
/// <param name="ExploitationCountry">Country of exploitation, when recorded.</param>
/// <param name="ReportingOrgKind">Kind of organisation that identified the person (a filter).</param>
/// <param name="Ctdc">Extra attributes needed only for the CTDC record-level export.</param>
public readonly record struct StatisticsRecord(
    long PersonKey,
    Indicator Indicator,
    DateOnly IdentifiedOn,
    Sex Sex,
    AgeGroup Age,
    ExploitationForm Form,
    CountryCode? Citizenship,
    CountryCode? CountryOfDetection,
    CountryCode? RecruitmentCountry,
    CountryCode? ExploitationCountry,
    OrganisationKind ReportingOrgKind,
    CtdcAttributes Ctdc = default)
{
    public int Year => IdentifiedOn.Year;
}

/// <summary>CTDC attributes as small flag sets (one byte each) so a million records stay compact.</summary>
/// <param name="AgeAtRegistration">Age in years at registration; null when unknown.</param>
public readonly record struct CtdcAttributes(
    byte? AgeAtRegistration,
    ControlMeans Means,
    ExploitationTypes Exploitation,
    LabourTypes Labour,
    SexExploitationTypes SexTypes,
    RecruiterRelations Recruiter,
    TraffickingDuration Duration);

[Flags]
public enum ControlMeans : byte
{
    None = 0,
    DebtBondageEarnings = 1,
    Threats = 2,
    AbusePsyPhySex = 4,
    FalsePromises = 8,
    DrugsAlcohol = 16,
    DenyBasicNeeds = 32,
    ExcessiveWorkHours = 64,
    WithholdDocs = 128,
}

[Flags]
public enum ExploitationTypes : byte
{
    None = 0,
    ForcedLabour = 1,
    Sexual = 2,
    Other = 4,
}

[Flags]
public enum LabourTypes : byte
{
    None = 0,
    Agriculture = 1,
    Construction = 2,
    DomesticWork = 4,
    Hospitality = 8,
}

[Flags]
public enum SexExploitationTypes : byte
{
    None = 0,
    Prostitution = 1,
    Pornography = 2,
}

[Flags]
public enum RecruiterRelations : byte
{
    None = 0,
    IntimatePartner = 1,
    Friend = 2,
    Family = 4,
    Other = 8,
}

/// <summary>CTDC traffickMonths bands.</summary>
public enum TraffickingDuration : byte
{
    Unknown = 0,
    UpTo12Months = 1,
    From13To24Months = 2,
    Over24Months = 3,
}
