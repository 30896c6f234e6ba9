using Palermo.Statistics.Disclosure;

namespace Palermo.Statistics.Export;

/// <summary>SDMX-CSV 2.0 for the dataflow <c>PALERMO:DF_TIP_VICTIMS(1.0)</c>: columns STRUCTURE,
/// STRUCTURE_ID, ACTION, the dimensions (TIME_PERIOD last), OBS_VALUE and the attribute CONF_STATUS.
/// Suppressed cells are an intentionally missing value (<c>NaN</c>) with CONF_STATUS <c>C</c>
/// (confidential); published cells have CONF_STATUS <c>F</c> (free).</summary>
public static class SdmxCsvWriter
{
    public const string StructureId = "PALERMO:DF_TIP_VICTIMS(1.0)";

    public static readonly string[] Dimensions =
        ["INDICATOR", "REF_AREA", "SEX", "AGE", "EXPLOITATION", "CITIZENSHIP", "FLOW", "TIME_PERIOD"];

    public static string Header => "STRUCTURE,STRUCTURE_ID,ACTION," + string.Join(',', Dimensions) + ",OBS_VALUE,CONF_STATUS";

    public static void Write(Publication publication, TextWriter writer)
    {
        writer.NewLine = "\n";
        if (publication.IsUnsuppressed)
        {
            writer.WriteLine("# " + Publication.UnsuppressedNotice);
        }

        writer.WriteLine(Header);
        foreach (var o in publication.Observations())
        {
            var k = o.Key;
            var value = o.Value is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "NaN";
            var status = o.Status == CellStatus.Published ? "F" : "C";
            writer.WriteLine(string.Join(',',
                "dataflow", StructureId, "I", k.Indicator.Code(), k.Country, k.Sex, k.Age, k.Exploitation, k.Citizenship, k.Flow,
                k.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), value, status));
        }
    }

    public static void WriteFile(Publication publication, string path) =>
        AtomicFile.WriteText(path, w => Write(publication, w));
}
