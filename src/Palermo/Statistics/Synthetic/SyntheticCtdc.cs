namespace Palermo.Statistics.Synthetic;

/// <summary>Plausible CTDC attributes consistent with the record's age group and form of exploitation.</summary>
internal static class SyntheticCtdc
{
    public static CtdcAttributes Attributes(Random random, AgeGroup age, ExploitationForm form)
    {
        byte? years = age switch
        {
            AgeGroup.Child => (byte)random.Next(0, 18),
            AgeGroup.Adult => (byte)(18 + (int)(47 * Math.Pow(random.NextDouble(), 1.7))),
            _ => null,
        };
        var top = form.Top();
        var exploitation = form == ExploitationForm.Mixed
            ? ExploitationTypes.ForcedLabour | ExploitationTypes.Sexual
            : top switch
            {
                ExploitationTop.Sexual => ExploitationTypes.Sexual,
                ExploitationTop.ForcedLabour => ExploitationTypes.ForcedLabour,
                ExploitationTop.Other => ExploitationTypes.Other,
                _ => ExploitationTypes.None,
            };
        var labour = exploitation.HasFlag(ExploitationTypes.ForcedLabour) && random.NextDouble() < 0.6
            ? (LabourTypes)(1 << random.Next(4))
            : LabourTypes.None;
        var sexTypes = exploitation.HasFlag(ExploitationTypes.Sexual)
            ? (random.NextDouble() < 0.8 ? SexExploitationTypes.Prostitution : SexExploitationTypes.None)
              | (random.NextDouble() < 0.1 ? SexExploitationTypes.Pornography : SexExploitationTypes.None)
            : SexExploitationTypes.None;
        var means = ControlMeans.None;
        for (var bit = 0; bit < 8; bit++)
        {
            if (random.NextDouble() < 0.3)
            {
                means |= (ControlMeans)(1 << bit);
            }
        }

        var recruiter = random.NextDouble() < 0.5 ? (RecruiterRelations)(1 << random.Next(4)) : RecruiterRelations.None;
        return new CtdcAttributes(years, means, exploitation, labour, sexTypes, recruiter, (TraffickingDuration)random.Next(4));
    }
}
