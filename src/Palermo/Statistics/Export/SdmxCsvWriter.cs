using Palermo.Statistics.Disclosure;

namespace Palermo.Statistics.Export;

/// <summary>SDMX-CSV 2.0 for the dataflow <c>PALERMO:DF_TIP_VICTIMS(1.0)</c>: columns STRUCTURE,
/// STRUCTURE_ID, ACTION, the dimensions (TIME_PERIOD last), OBS_VALUE and the attribute CONF_STATUS.
/// Suppressed cells are an intentionally missing value (<c>NaN</c>) with CONF_STATUS <c>C</c>
/// (confidential); published cells have CONF_STATUS <c>F</c> (free). REF_AREA and CITIZENSHIP are M49 numeric
/// codes (<see cref="Area"/>).</summary>
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
        var countries = publication.Cube.Countries;
        foreach (var o in publication.Observations())
        {
            var k = o.Key;
            var value = o.Value is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "NaN";
            var status = o.Status == CellStatus.Published ? "F" : "C";
            writer.WriteLine(string.Join(',',
                "dataflow", StructureId, "I", k.Indicator.Code(), Area(k.Country, countries), k.Sex, k.Age, k.Exploitation, Area(k.Citizenship, countries), k.Flow,
                k.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), value, status));
        }
    }

    /// <summary>CL_AREA as in the UN SDG dataflow: a country is its M49 numeric code (from the country table, so an
    /// administrator's correction applies); totals, unknown and GLOTIP region codes pass unchanged, as does a
    /// country without an M49 code (e.g. Kosovo, XKX).</summary>
    public static string Area(string code, CountryTable countries) =>
        code.Length == 3 && char.IsAsciiLetterUpper(code[0]) && countries.TryFind(code, out var country) && country.M49.Length > 0 ? country.M49 : code;

    public static void WriteFile(Publication publication, string path) =>
        AtomicFile.WriteText(path, w => Write(publication, w));
}
