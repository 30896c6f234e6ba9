using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Web.Audit;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Privacy;

[Authorize(Policy = "perm:" + nameof(Permission.ViewAuditLog))]
public sealed partial class AuditModel(ListAuditEntries list, ExportAuditEntries export, FindUnusualReading unusual, PalermoSettings settings, TimeProvider time) : PalermoPage
{
    public AuditLogQuery Q { get; private set; } = new();
    public AuditLogPage? Result { get; private set; }
    public IReadOnlyList<AuditLogAccount> Accounts { get; private set; } = [];

    /// <summary>Accounts that opened far more cases today than usual: shown above everything else.</summary>
    public IReadOnlyList<UnusualReading> Unusual { get; private set; } = [];

    /// <summary>Today (UTC), for the link from an unusual account to its case reads of the day.</summary>
    public string Today => time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every event a filter can name, in words, by area (the numbering keeps an area's events together).</summary>
    public static IReadOnlyList<(string Name, string Words)> Events { get; } =
        Enum.GetValues<AuditEvent>().OrderBy(e => (int)e).Select(e => (e.ToString(), Words(e.ToString()))).ToList();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Q = ReadQuery();
        Accounts = await list.AccountsAsync(Actor, ct);
        // On the landing view only: the check reads a month of the organisation's case reads, which filtering and
        // paging through the log need not pay for again.
        if (Q == new AuditLogQuery()) Unusual = await unusual.HandleAsync(Actor, ct);
        try
        {
            Result = await list.HandleAsync(Q, Actor, ct);
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }
    }

    /// <summary>Every entry the filters select, as a CSV file; a bad filter shows the page with the field at fault.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        Q = ReadQuery();
        try
        {
            var (file, name) = await AuditDownload.ToFileAsync(export, settings, time, Q, Actor, ct);
            Response.Headers.CacheControl = "no-store";
            return File(file, "text/csv; charset=utf-8", name);
        }
        catch (DomainException ex)
        {
            AddError(ex);
            Accounts = await list.AccountsAsync(Actor, ct);
            return Page();
        }
    }

    private AuditLogQuery ReadQuery()
    {
        string? Read(string key) => Request.Query.TryGetValue(key, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v.ToString() : null;
        return new() { Account = Read("account"), Event = Read("event"), Case = Read("case"), From = Read("from"), To = Read("to"), Before = Read("before") };
    }

    /// <summary>The download of every entry the shown filters select (all pages: the page being read does not narrow it).</summary>
    public string CsvLink() => "/Privacy/Audit?" + string.Join("&", Filters().Append("handler=csv"));

    /// <summary>The filters as given, without the page position or the handler, for the links that keep them.</summary>
    private IEnumerable<string> Filters() => Request.Query
        .Where(kv => kv.Key is not ("before" or "handler") && !string.IsNullOrEmpty(kv.Value.ToString()))
        .Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value.ToString())}");

    /// <summary>The next page: the same filters, entries older than the last shown.</summary>
    public string OlderLink(long before) => "/Privacy/Audit?" + string.Join("&", Filters().Append($"before={before}"));

    /// <summary>"CaseAttachmentDownloaded" → "Case attachment downloaded".</summary>
    public static string Words(string name)
    {
        var spaced = Capitals().Replace(name, " $1").Trim();
        return spaced.Length == 0 ? spaced : spaced[0] + spaced[1..].ToLowerInvariant();
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Capitals();
}
