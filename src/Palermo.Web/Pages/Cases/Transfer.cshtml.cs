using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Cases.Htcds;
using Palermo.Data;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Cases;

/// <summary>
/// Bulk import and export of the organisation's cases (HTCDS CSV, JSON) for case supervisors. The only page allowed
/// a 10 MB body (see <see cref="RequestSizeLimit"/>). Exports are POSTs with the antiforgery token, so a link or a
/// prefetch can never start an audited bulk read, and are served as attachments that no cache keeps.
/// </summary>
[Authorize(Policy = "perm:" + nameof(Permission.ImportExportCases))]
[RequestFormLimits(MultipartBodyLengthLimit = RequestSizeLimit.MaxUploadBytes)]
public sealed class TransferModel(ImportHtcds import, ExportHtcds export, PalermoSettings settings, TimeProvider time) : PalermoPage
{
    public ImportHtcdsResult? Result { get; private set; }
    public string? FileError { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, bool skipUnsupported, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (file is null || file.Length == 0) FileError = "Choose a CSV file to upload.";
        else if (file.Length > HtcdsFile.MaxBytes) FileError = $"The file is larger than {HtcdsFile.MaxBytes / 1024 / 1024} MB; split it into smaller files.";
        if (FileError is not null) return Page();

        await using var stream = file!.OpenReadStream();
        FileError = await SniffAsync(stream, ct);
        if (FileError is not null) return Page();
        stream.Position = 0;
        Result = await import.HandleAsync(stream, Actor, skipUnsupported, ct);
        if (!Result.Succeeded) return Page();
        // Imported: redirected, so a reload does not offer to upload the file again (counts and column names only).
        var left = Result.SkippedColumns.Count > 0 ? $" Columns left out, not read: {string.Join(", ", Result.SkippedColumns)}." : "";
        return SeeOther($"Imported {Result.Imported} case(s); skipped {Result.Skipped} already imported.{left}");
    }

    public async Task<IActionResult> OnPostExportAsync(string? format, CancellationToken ct)
    {
        var f = format == "json" ? ExportFormat.Json : ExportFormat.Htcds;
        var (file, contentType, name) = await ExportToFileAsync(export, settings, time, f, Actor, ct);
        Response.Headers.CacheControl = "no-store";
        return File(file, contentType, name);
    }

    /// <summary>The export as a file that deletes itself when closed; shared with <c>POST /api/v1/cases/export</c>.</summary>
    internal static async Task<(FileStream File, string ContentType, string Name)> ExportToFileAsync(ExportHtcds export, PalermoSettings settings, TimeProvider time,
        ExportFormat f, Actor actor, CancellationToken ct)
    {
        // Written under the data folder (already restricted to the service account), never the shared temp folder.
        var dir = Path.Combine(settings.DataDir, "exports");
        Directory.CreateDirectory(dir);
        // A download is deleted when it is closed, and a failed export deletes its temporary file; what a crashed or
        // killed server left behind (plaintext of every exported person) goes with the next export.
        ExportHtcds.RemoveStale(Directory.EnumerateFiles(dir));
        var path = Path.Combine(dir, Guid.NewGuid().ToString("N"));
        await export.HandleAsync(f, path, actor, ct);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Delete, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var day = time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return f == ExportFormat.Json ? (file, "application/json", $"cases-{day}.json") : (file, "text/csv; charset=utf-8", $"cases-{day}.csv");
    }

    /// <summary>Refuses what is clearly not CSV text before parsing: a workbook, a PDF, an image, anything with NUL bytes.</summary>
    internal static async Task<string?> SniffAsync(Stream s, CancellationToken ct)
    {
        var head = new byte[8192];
        var n = await s.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var span = head.AsSpan(0, n);
        if (span.StartsWith("PK\u0003\u0004"u8) || span.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
            return "This is a spreadsheet workbook, not CSV: save it as \"CSV UTF-8 (comma delimited)\" and upload that.";
        if (span.StartsWith("%PDF"u8) || span.IndexOf((byte)0) >= 0)
            return "This is not a text file: upload a CSV file.";
        return null;
    }
}
