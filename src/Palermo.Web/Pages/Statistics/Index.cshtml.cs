using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.CrossAgency;
using Palermo.Statistics;
using Palermo.Statistics.Ctdc;
using Palermo.Statistics.Export;
using Palermo.Statistics.Publications;
using Palermo.Web.Infrastructure;
using Palermo.Web.Statistics;

namespace Palermo.Web.Pages.Statistics;

/// <summary>The analyst dashboard: aggregates only, always disclosure-controlled on screen; downloads are
/// audited and only the national coordinator may take unsuppressed files.</summary>
[Authorize(Policy = "perm:" + nameof(Permission.ViewStatistics))]
public sealed class IndexModel(ComputeStatistics compute, LatestUniquePersonEstimate crossAgency, AuditStatisticsExport audit, IConfiguration config) : PalermoPage
{
    [BindProperty(SupportsGet = true)] public StatisticsFilter Filter { get; set; } = new();
    public StatisticsSnapshot? Snapshot { get; private set; }
    public IReadOnlyList<int> YearsWithData { get; private set; } = [];
    // A region that is also its own subregion (South Asia, South America, …) has the same countries under both: one choice.
    public IReadOnlyList<string> Regions => ComputeStatistics.Countries.Regions.Concat(ComputeStatistics.Countries.Subregions)
        .Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    public bool MayUnsuppress => Actor.Has(Permission.ViewUnsuppressedStatistics);
    public string? Empty { get; private set; }

    /// <summary>The latest completed cross-agency linkage run's unique-person estimate, when there is one.</summary>
    public UniquePersonEstimateResult? CrossAgency { get; private set; }

    /// <summary>The protected grand total of a year's sex × age table (persons deduplicated within Palermo's records).</summary>
    public static string? PersonsInTables(SnapshotYear year) =>
        year.Tables.FirstOrDefault(t => t.Id == "SEX_AGE") is { } t && t.Columns.ToList().IndexOf("_T") is var c and >= 0
            ? t.Rows.FirstOrDefault(r => r.Code == "_T")?.Values[c]
            : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var request = Filter.ToRequest(ModelState, StatisticsFilter.Threshold(config));
        if (request is null) return;
        try
        {
            var result = await compute.HandleAsync(request, Actor, ct);
            YearsWithData = result.YearsWithData;
            Snapshot = StatisticsSnapshot.Build(result.Publication);
            CrossAgency = await crossAgency.HandleAsync(Actor, ct);
        }
        catch (StatisticsException ex) when (ex.Field == "records")
        {
            Empty = "There are no identified victims in the database yet.";
        }
        catch (StatisticsException ex)
        {
            ModelState.AddModelError(ex.Field, ex.Message);
        }
    }

    public async Task<IActionResult> OnGetDownloadAsync(string? format, bool unsuppressed, CancellationToken ct)
    {
        format = format?.Trim().ToLowerInvariant();
        if (format is null || (format != "ctdc" && !StatisticsExport.Formats.Contains(format))) return NotFound();
        if (unsuppressed && !MayUnsuppress) return NotFound();
        var request = Filter.ToRequest(ModelState, StatisticsFilter.Threshold(config), unsuppressed);
        if (request is null) return BadRequest();
        StatisticsResult result;
        try
        {
            result = await compute.HandleAsync(request, Actor, ct);
        }
        catch (StatisticsException)
        {
            return BadRequest();
        }

        byte[] bytes;
        string contentType, extension;
        if (format == "ctdc")
        {
            await using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            CtdcExporter.Export(result.Records, request.Query, ComputeStatistics.Countries, text, CtdcExporter.DefaultK, unsuppressed);
            bytes = System.Text.Encoding.UTF8.GetBytes(text.ToString());
            (contentType, extension) = ("text/csv", "ctdc.csv");
        }
        else
        {
            bytes = WriteToBytes(result, format);
            contentType = StatisticsExport.ContentType(format);
            extension = format == "sdmx-csv" ? "sdmx.csv" : format;
        }

        await audit.HandleAsync(format, result, Actor, ct);
        Response.Headers.CacheControl = "no-store";
        var name = $"palermo-statistics-{result.Cube.FromYear}-{result.Cube.ToYear}{(unsuppressed ? "-UNSUPPRESSED" : "")}.{extension}";
        return File(bytes, contentType, name);
    }

    // The writers write files atomically; a private temporary file keeps one code path for every format.
    private static byte[] WriteToBytes(StatisticsResult result, string format)
    {
        var path = Path.Combine(Path.GetTempPath(), "palermo-stats-" + Guid.NewGuid().ToString("N"));
        try
        {
            StatisticsExport.WriteFile(result.Publication, format, path);
            return System.IO.File.ReadAllBytes(path);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
