namespace Palermo.Statistics.Synthetic;

/// <summary>Target shares of the synthetic generator, from the 2024 Global Report (data year 2022) in
/// glotip.md: women / girls / men / boys 39 / 22 / 23 / 16 %, sexual / forced labour / other 38 / 42 / 20 %
/// (forced criminality 8 %), and 58 % of victims detected in their own country, fewer than 1 in 10
/// trans-regional.</summary>
public static class SyntheticShares
{
    /// <summary>Share of records whose sex or age is other or unknown; the four calibrated groups share the rest.</summary>
    public const double OtherOrUnknownSexAge = 0.03;

    public static readonly (Sex Sex, AgeGroup Age, double Share)[] SexAge =
    [
        (Sex.Female, AgeGroup.Adult, 0.39),
        (Sex.Female, AgeGroup.Child, 0.22),
        (Sex.Male, AgeGroup.Adult, 0.23),
        (Sex.Male, AgeGroup.Child, 0.16),
    ];

    public static readonly (Sex Sex, AgeGroup Age, double Share)[] OtherSexAge =
    [
        (Sex.Other, AgeGroup.Adult, 0.2),
        (Sex.Unknown, AgeGroup.Unknown, 0.3),
        (Sex.Female, AgeGroup.Unknown, 0.25),
        (Sex.Male, AgeGroup.Unknown, 0.25),
    ];

    public static readonly (ExploitationForm Form, double Share)[] Forms =
    [
        (ExploitationForm.Sexual, 0.38),
        (ExploitationForm.ForcedLabour, 0.42),
        (ExploitationForm.ForcedCriminalActivity, 0.08),
        (ExploitationForm.Begging, 0.03),
        (ExploitationForm.ForcedMarriage, 0.02),
        (ExploitationForm.OrganRemoval, 0.002),
        (ExploitationForm.IllegalAdoption, 0.005),
        (ExploitationForm.ArmedGroups, 0.005),
        (ExploitationForm.Pornography, 0.01),
        (ExploitationForm.BenefitFraud, 0.008),
        (ExploitationForm.Mixed, 0.03),
        (ExploitationForm.OtherUnspecified, 0.01),
    ];

    public static readonly (FlowClass Class, double Share)[] Flows =
    [
        (FlowClass.Domestic, 0.58),
        (FlowClass.Subregional, 0.20),
        (FlowClass.Intraregional, 0.10),
        (FlowClass.Transregional, 0.09),
        (FlowClass.Unknown, 0.03),
    ];

    internal static T Pick<T>(Random random, (T Value, double Share)[] table)
    {
        var u = random.NextDouble() * table.Sum(t => t.Share);
        foreach (var (value, share) in table)
        {
            u -= share;
            if (u < 0)
            {
                return value;
            }
        }

        return table[^1].Value;
    }
}
