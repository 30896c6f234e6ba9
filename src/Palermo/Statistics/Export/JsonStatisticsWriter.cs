using System.Text.Json;
using Palermo.Statistics.Disclosure;

namespace Palermo.Statistics.Export;

/// <summary>JSON for the web and API: the same observations as the CSV, plus per indicator-year the domestic
/// share. JSON has no comments, so unsuppressed data carry the notice as the first property.</summary>
public static class JsonStatisticsWriter
{
    public static void Write(Publication publication, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        if (publication.IsUnsuppressed)
        {
            json.WriteString("notice", Publication.UnsuppressedNotice);
        }

        json.WriteString("dataflow", SdmxCsvWriter.StructureId);
        json.WriteBoolean("unsuppressed", publication.IsUnsuppressed);
        json.WriteNumber("threshold", publication.Options.Threshold);
        json.WriteNumber("flowLineMinimum", publication.Options.FlowLineMinimum);
        json.WriteStartArray("years");
        foreach (var system in publication.Systems)
        {
            json.WriteStartObject();
            json.WriteString("indicator", system.System.Indicator.Code());
            json.WriteNumber("year", system.System.Year);
            if (system.DomesticShare() is { } share)
            {
                json.WriteNumber("domesticShare", Math.Round(share, 4));
            }
            else
            {
                json.WriteNull("domesticShare");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("observations");
        foreach (var o in publication.Observations())
        {
            var k = o.Key;
            json.WriteStartObject();
            json.WriteString("table", o.Table);
            json.WriteString("indicator", k.Indicator.Code());
            json.WriteNumber("year", k.Year);
            json.WriteString("country", k.Country);
            json.WriteString("sex", k.Sex);
            json.WriteString("age", k.Age);
            json.WriteString("exploitation", k.Exploitation);
            json.WriteString("citizenship", k.Citizenship);
            json.WriteString("flow", k.Flow);
            if (o.Value is { } v)
            {
                json.WriteNumber("value", v);
            }
            else
            {
                json.WriteString("value", publication.Format(o));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteFile(Publication publication, string path) =>
        AtomicFile.Write(path, s => Write(publication, s));
}
