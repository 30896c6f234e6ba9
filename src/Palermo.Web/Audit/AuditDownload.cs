using System.Globalization;
using System.Text;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Web.Audit;

/// <summary>
/// The audit log's CSV download, shared by the page and <c>GET /api/v1/audit/export</c>. Written to a file under the data
/// folder first, so a bad filter is a field error (not a broken download) and the export is audited only once it is
/// whole; the file deletes itself when the download closes.
/// </summary>
public static class AuditDownload
{
    public static async Task<(FileStream File, string Name)> ToFileAsync(ExportAuditEntries export, PalermoSettings settings, TimeProvider time,
        AuditLogQuery q, Actor actor, CancellationToken ct)
    {
        var dir = Path.Combine(settings.DataDir, "exports");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var writer = new StreamWriter(path, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
            {
                // The byte-order mark makes spreadsheets read the addresses and names as UTF-8.
                await export.HandleAsync(q, actor, writer, ct);
            }

            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Delete, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            return (file, $"audit-log-{time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv");
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}
