using Palermo.Statistics.Disclosure;

namespace Palermo.Statistics.Export;

/// <summary>One entry point for <c>palermo stats export --format csv|sdmx-csv|json|xlsx</c> and the web
/// download: picks the writer by format name.</summary>
public static class StatisticsExport
{
    public static readonly string[] Formats = ["csv", "sdmx-csv", "json", "xlsx"];

    public static void WriteFile(Publication publication, string format, string path)
    {
        switch (format.Trim().ToLowerInvariant())
        {
            case "csv":
                TidyCsvWriter.WriteFile(publication, path);
                break;
            case "sdmx-csv":
                SdmxCsvWriter.WriteFile(publication, path);
                break;
            case "json":
                JsonStatisticsWriter.WriteFile(publication, path);
                break;
            case "xlsx":
                XlsxStatisticsWriter.WriteFile(publication, path);
                break;
            default:
                throw new StatisticsException("format", $"Unknown format '{format}'; use one of {string.Join(", ", Formats)}.");
        }
    }

    /// <summary>The media type to send with a download of <paramref name="format"/>.</summary>
    public static string ContentType(string format) => format.Trim().ToLowerInvariant() switch
    {
        "csv" or "sdmx-csv" => "text/csv",
        "json" => "application/json",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => throw new StatisticsException("format", $"Unknown format '{format}'; use one of {string.Join(", ", Formats)}."),
    };
}
