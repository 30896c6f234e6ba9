namespace Palermo.Statistics;

/// <summary>Classifies a flow between two country-table indexes as glotip.md defines it: domestic when the
/// countries are equal, subregional / intraregional when they share a GLOTIP subregion / region,
/// transregional otherwise; unknown when either end is missing or has no GLOTIP grouping.</summary>
public static class FlowClassifier
{
    public static FlowClass Classify(this CountryTable table, int origin, int destination)
    {
        if (origin < 0 || destination < 0)
        {
            return FlowClass.Unknown;
        }

        if (origin == destination)
        {
            return FlowClass.Domestic;
        }

        var o = table.Countries[origin];
        var d = table.Countries[destination];
        if (o.Region < 0 || d.Region < 0)
        {
            return FlowClass.Unknown;
        }

        if (o.Subregion == d.Subregion)
        {
            return FlowClass.Subregional;
        }

        return o.Region == d.Region ? FlowClass.Intraregional : FlowClass.Transregional;
    }

    public static FlowClass Classify(this CountryTable table, string origin, string destination) =>
        table.Classify(table.Find(origin, "origin").Index, table.Find(destination, "destination").Index);
}
