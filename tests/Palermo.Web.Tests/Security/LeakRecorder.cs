using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Palermo.Web.Tests.Security;

/// <summary>
/// Distinctive values for personal fields, and what the app answered with them: every URL it produced (Location
/// headers, links and form targets in its pages) and every error text it wrote (field errors and form errors on pages,
/// problem details of the API). A user's own input shown back in the form's own field is fine; the same value in an
/// error text, a URL, a log line or the audit log is a leak.
/// </summary>
public sealed partial class LeakRecorder
{
    /// <summary>What every marker starts with; searched without regard to case (search normalises names).</summary>
    public const string Prefix = "Zqxmarker";

    /// <summary>The birth dates used, as the app might print them.</summary>
    public static readonly string[] DateForms = ["1983-07-29", "07/29/1983", "29/07/1983", "29.07.1983"];

    private int _next;
    private readonly List<(string From, string Url)> _urls = [];
    private readonly List<(string From, string Text)> _errorTexts = [];

    /// <summary>A new marker: letters only (names and document numbers take letters), distinct from every other.</summary>
    public string M()
    {
        var n = Interlocked.Increment(ref _next);
        var s = "";
        for (; n > 0; n /= 26) s = (char)('a' + n % 26) + s;
        return Prefix + s;
    }

    public int Responses { get; private set; }

    /// <summary>Each URL the app produced, with the request whose answer held it (which may carry what a client typed).</summary>
    public IReadOnlyList<(string From, string Url)> Urls => _urls;

    public IReadOnlyList<(string From, string Text)> ErrorTexts => _errorTexts;

    public static bool Leaks(string? text) => text is not null
        && (text.Contains(Prefix, StringComparison.OrdinalIgnoreCase) || DateForms.Any(d => text.Contains(d, StringComparison.Ordinal)));

    /// <summary>A handler for one client (a handler can sit in one client's pipeline only), recording into this.</summary>
    public DelegatingHandler Tap() => new Recording(this);

    private sealed class Recording(LeakRecorder to) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            await to.SeeAsync(request, await base.SendAsync(request, ct), ct);
    }

    private async Task<HttpResponseMessage> SeeAsync(HttpRequestMessage request, HttpResponseMessage res, CancellationToken ct)
    {
        lock (_urls)
        {
            Responses++;
            if (res.Headers.Location is { } location) _urls.Add((request.RequestUri!.PathAndQuery, "Location: " + location.OriginalString));
        }

        var type = res.Content.Headers.ContentType?.MediaType;
        if (type is "text/html" or "application/problem+json")
        {
            await res.Content.LoadIntoBufferAsync(ct);
            var body = await res.Content.ReadAsStringAsync(ct);
            lock (_urls)
            {
                if (type == "text/html") Page(request.RequestUri!.PathAndQuery, body);
                else Problem(request.RequestUri!.PathAndQuery, body);
            }
        }

        return res;
    }

    private void Page(string from, string html)
    {
        foreach (Match m in UrlAttribute().Matches(html)) _urls.Add((from, m.Value));
        foreach (Match m in ErrorBlock().Matches(html)) _errorTexts.Add((from, WebUtility.HtmlDecode(m.Groups[1].Value)));
    }

    private void Problem(string from, string json)
    {
        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            // The errors' keys name fields or rows ("row 3, prs_Birthdate"); their messages and the title and detail are text.
            if (p.Name == "errors")
                foreach (var field in p.Value.EnumerateObject()) _errorTexts.Add((from, $"{field.Name}: {field.Value}"));
            else if (p.Name is "title" or "detail") _errorTexts.Add((from, p.Value.ToString()));
        }
    }

    [GeneratedRegex("(?:href|action|src|formaction)=\"[^\"]*\"")]
    private static partial Regex UrlAttribute();

    // Field errors (<p class="field-error">) and validation summaries (<div class="form-errors">).
    [GeneratedRegex("<(?:p|div)[^>]*class=\"(?:field-error|form-errors)[^\"]*\"[^>]*>(.*?)</(?:p|div)>", RegexOptions.Singleline)]
    private static partial Regex ErrorBlock();
}
