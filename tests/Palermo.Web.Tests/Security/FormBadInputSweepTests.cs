using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Testing;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Security;

/// <summary>
/// Every POST handler of every Razor page, found by reflection over the page models (a new form is swept, or fails
/// <see cref="EveryPostHandler_IsSweptOrExempt"/>, without anyone remembering it): the page is fetched as a user who may
/// use it, its form is read as a browser would (inputs, selects, textareas with their current values), and each field in
/// turn is sent broken (left out, empty, 1 MB, one character over its maxlength, control characters, malformed percent
/// escapes, letters in a number or date, impossible dates, an unknown picklist value, a garbled or stale version, the
/// same name twice with different values, a personal name in free text), plus the whole form without its antiforgery
/// token. What a user would notice is asserted: never a 5xx or the error page; a refusal shows the form again with an
/// error tied to the field at fault (its aria-describedby points at the field error), and exactly one element, the first
/// error, taking the focus on load (autofocus); the 1 MB value is not sent back;
/// the personal name never reaches a log; and a refused form leaves every table unchanged, row by row.
/// </summary>
public sealed partial class FormBadInputSweepTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Under the 1 MB body limit with the rest of the form, so it reaches the page instead of the 413 at the door.</summary>
    private static readonly string LongText = string.Concat(Enumerable.Repeat("Zq7", 330_000));

    /// <summary>A person's name typed into free text: it may be saved, but never written to a log.</summary>
    private const string PersonalName = "Olufunke Bamidele";

    /// <summary>
    /// POST handlers not swept, each with why. Anything else found on a page model must have a target in
    /// <see cref="World.TargetAsync"/>.
    /// </summary>
    private static readonly Dictionary<string, string> Exempt = new(StringComparer.Ordinal)
    {
        ["/Account/SignOut"] = "no fields: it only ends the session",
        ["/Error"] = "the error page, re-executed for a failed form post; it reads no field (BusyDatabaseTests)",
        ["/Account/SignIn"] = "credentials: a refusal deliberately names no field (SessionTests)",
        ["/Account/SignInMfa"] = "a one-time code in a half-signed-in session (SessionTests)",
        ["/Account/Setup"] = "first run only, with the setup link (FirstRunTests)",
        ["/Account/Welcome"] = "needs a one-time sign-in link (FirstRunTests)",
        ["/Account/Mfa"] = "authenticator enrolment of a half-signed-in user (SessionTests)",
        ["/Account/Security?handler=Everywhere"] = "no fields: signs the user out everywhere",
        ["/Account/Security?handler=ReplaceAuthenticator"] = "re-enrolment: a code and the password, refusals name no field by design",
        ["/Account/Security?handler=RecoveryCodes"] = "re-enrolment: the password, a refusal names no field by design",
        ["/Account/Security?handler=ChangePassword"] = "the current password first (wrong ones count towards the lock-out); each field's error is checked in SessionTests.ChangePassword_…",
        ["/Cases/Attachments"] = "multipart file upload (AttachmentNameLoggingTests, CaseFilesPageTests)",
        ["/Cases/Transfer?handler=Import"] = "multipart file upload (TransferPageTests)",
        ["/Linkage/Project?handler=Upload"] = "multipart file upload (LinkagePageTests)",
        ["/Linkage/Project?handler=Run"] = "needs uploaded encodings from two agencies; only an id field (LinkagePageTests)",
        ["/Linkage/Submit?handler=Download"] = "shown only after this organisation submitted encodings (a linkage secret first); only an id field (LinkagePageTests)",
    };

    [Fact]
    public void EveryPostHandler_IsSweptOrExempt()
    {
        var handlers = PostHandlers();
        Assert.True(handlers.Count > 40, $"only {handlers.Count} POST handlers found by reflection");
        var unknown = handlers.Where(h => !Exempt.ContainsKey(h) && !World.Swept.Contains(h)).ToList();
        Assert.True(unknown.Count == 0, "POST handlers neither swept nor exempt (give them a target in World.TargetAsync): " + string.Join(", ", unknown));
        var stale = Exempt.Keys.Concat(World.Swept).Where(h => !handlers.Contains(h)).ToList();
        Assert.True(stale.Count == 0, "listed handlers that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Sqlite_EveryForm_RefusesBadInput_TiesTheErrorToTheField_SavesNothing()
    {
        using var web = new PalermoApplication(backgroundJobs: false);
        await SweepAsync(web);
    }

    [Fact]
    public async Task Postgres_EveryForm_RefusesBadInput_TiesTheErrorToTheField_SavesNothing()
    {
        using var web = new PalermoApplication(await TestEnv.CreatePostgresDatabaseAsync(), backgroundJobs: false);
        await SweepAsync(web);
    }

    /// <summary>"/Cases/View?handler=Refer", "/Cases/Register": from the page model's namespace, name and handler methods.</summary>
    internal static HashSet<string> PostHandlers()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in typeof(Palermo.Web.Infrastructure.PalermoPage).Assembly.GetTypes()
                     .Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract && t.Namespace?.StartsWith("Palermo.Web.Pages", StringComparison.Ordinal) == true))
        {
            var folder = type.Namespace!["Palermo.Web.Pages".Length..].Replace('.', '/');
            var name = type.Name[..^"Model".Length];
            // CasesIndexModel is the folder's Index page.
            var page = $"{folder}/{(name.EndsWith("Index", StringComparison.Ordinal) ? "Index" : name)}";
            foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)))
            {
                var handler = m.Name["OnPost".Length..];
                if (handler.EndsWith("Async", StringComparison.Ordinal)) handler = handler[..^"Async".Length];
                result.Add(handler.Length == 0 ? page : $"{page}?handler={handler}");
            }
        }

        return result;
    }

    private static async Task SweepAsync(PalermoApplication web)
    {
        var w = await World.CreateAsync(web);
        var failures = new List<string>();
        var notes = new List<string>();
        var perHandler = new Dictionary<string, int>(StringComparer.Ordinal);
        var sent = 0;
        var before = await ApiBadInputSweepTests.SnapshotAsync(web);
        foreach (var key in World.Swept)
        {
            var target = await w.TargetAsync(key);
            var form = await FormAsync(target, key);
            if (form is null)
            {
                failures.Add($"{key}: no form for this handler on {target.Page}");
                continue;
            }

            // Without the antiforgery token: refused whatever the fields say.
            using (var res = await SendAsync(target.Client, form.Action, form.Values, token: null))
            {
                sent++;
                if (res.StatusCode != HttpStatusCode.BadRequest) failures.Add($"{key} [no antiforgery token]: {(int)res.StatusCode}, expected 400");
            }

            var after = await ApiBadInputSweepTests.SnapshotAsync(web);
            if (Changed(before, after) is { Length: > 0 } t0) failures.Add($"{key} [no antiforgery token]: saved something — {t0}");
            before = after;

            // A form without fields (export, download, approve) is sent once as it is: it must not break either.
            if (form.Fields.Count == 0)
            {
                using var res = await SendAsync(target.Client, form.Action, form.Values, form.Token);
                sent++;
                if ((int)res.StatusCode >= 500) failures.Add($"{key} [as it is]: {(int)res.StatusCode} (server error)");
                before = await ApiBadInputSweepTests.SnapshotAsync(web);
                continue;
            }

            perHandler[key] = 0;
            // Each mutation starts from the form as it is now: after a save, the page's new values and version.
            var mutations = Ordered(Mutations(form));
            for (var i = 0; i < mutations.Count; i++)
            {
                var mutation = mutations[i];
                using var res = await SendAsync(target.Client, form.Action, mutation.Values, form.Token, mutation.Raw);
                sent++;
                perHandler[key]++;
                var body = await res.Content.ReadAsStringAsync(Ct);
                var verdict = Judge(form, mutation, res, body);
                after = await ApiBadInputSweepTests.SnapshotAsync(web);
                var changed = Changed(before, after);
                before = after;
                if (verdict.Problem is { } p) failures.Add($"{key} [{mutation.Field} = {mutation.Label}]: {p}{ServerSide(web, res, body)}");
                if (!verdict.Accepted && changed.Length > 0) failures.Add($"{key} [{mutation.Field} = {mutation.Label}]: refused ({verdict.Errors}), but saved something — {changed}");
                if (verdict.Accepted || changed.Length > 0)
                {
                    // Saved: the form now holds the stored values (and a new version); later mutations start from those.
                    // An action that ends something (close, erase, a legal hold, a decision) is done once it is accepted.
                    if (verdict.Accepted && OneShot.Contains(key)) break;
                    form = await FormAsync(await w.TargetAsync(key), key);
                    if (form is null)
                    {
                        notes.Add($"{key}: the form is gone after accepting [{mutation.Field} = {mutation.Label}]; the rest of its mutations were not sent");
                        break;
                    }

                    // Legitimately accepted free text is stored as sent: where the form shows the stored value again (the
                    // edit forms of one record, which carry its version), it must be exactly what was typed, trimmed.
                    if (mutation.CheckSaved && verdict.Accepted && target.Good?.ContainsKey(mutation.Field) != true
                        && form.Values.Any(v => v.Key.EndsWith("Version", StringComparison.Ordinal)) && mutation.Values.FirstOrDefault(v => v.Key == mutation.Field).Value is { } typed
                        && form.Values.FirstOrDefault(v => v.Key == mutation.Field).Value is { Length: > 0 } shown && shown != typed.Trim())
                    {
                        failures.Add($"{key} [{mutation.Field} = {mutation.Label}]: accepted, but the form now shows {shown.Length} characters, not the {typed.Trim().Length} sent");
                    }

                    mutations = Ordered(Mutations(form));
                }
            }
        }

        foreach (var line in web.Logs.Lines)
        {
            if (line.Contains("Olufunke", StringComparison.OrdinalIgnoreCase) || line.Contains("Bamidele", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add("a log line holds the personal name: " + line[..Math.Min(200, line.Length)]);
            }

            if (line.Contains(LongText[..300], StringComparison.Ordinal)) failures.Add("a log line holds the 1 MB value");
        }

        failures = failures.Distinct().ToList();
        if (Environment.GetEnvironmentVariable("SWEEP_NOTES") is { } notesFile) File.WriteAllText(notesFile, $"{sent} posts\n" + string.Join("\n", notes) + "\n" + string.Join("\n", perHandler.Select(p => $"{p.Key}: {p.Value}")));
        TestContext.Current.TestOutputHelper?.WriteLine($"{sent} form posts over {World.Swept.Count} handlers\n" + string.Join("\n", notes));
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} form posts went wrong:\n" + string.Join("\n", failures));
    }

    /// <summary>Actions that end something: once one is accepted, the rest of its mutations would meet a changed world.</summary>
    private static readonly HashSet<string> OneShot =
    [
        "/Cases/View?handler=Close", "/Cases/View?handler=Withdraw", "/Privacy/Subject?handler=Hold", "/Privacy/Subject?handler=Erase", "/Referrals/Index",
        "/Cases/Attachments?handler=Delete", "/Statistics/Publications?handler=Approve", "/Statistics/Publications?handler=Withdraw",
        // Opening emergency access leaves for the case (a second one to the same case is refused); the rest end or review it.
        "/EmergencyAccess/Index", "/EmergencyAccess/Index?handler=End", "/EmergencyAccess/Review", "/EmergencyAccess/Review?handler=Revoke",
        "/Cases/View?handler=Revoke",
    ];

    /// <summary>
    /// Tables that differ. The audit log is left out: showing a page that holds personal data again (the refused form)
    /// records that view, as it must; what the audit says of writes is covered by the audit tests.
    /// </summary>
    private static string Changed(Dictionary<string, string> before, Dictionary<string, string> after) =>
        string.Join(", ", before.Where(t => t.Key is not ("AuditEntry" or "AuditHead") && (!after.TryGetValue(t.Key, out var h) || h != t.Value)).Select(t => t.Key));

    // ---- the form, as a browser reads it ---------------------------------------------------------------------------

    /// <summary>A control of the form. <paramref name="Kind"/>: the input type, or select / textarea.</summary>
    private sealed record Field(string Name, string Kind, int? MaxLength, bool Required, IReadOnlyList<string> Options)
    {
        public bool Hidden => Kind == "hidden";
        public bool IsDate => Kind == "date" || (Kind is "text" or "hidden" && Name.EndsWith("Date", StringComparison.OrdinalIgnoreCase));
        public bool IsNumber => Kind == "number" || Name.EndsWith("Year", StringComparison.Ordinal) || Name.EndsWith("Years", StringComparison.Ordinal);
        public bool IsChoice => Kind is "select" or "checkbox" or "radio";
        public bool IsFreeText => Kind is "text" or "textarea" or "search" && !IsDate && !IsNumber;
    }

    private sealed record Form(string Action, string Token, List<KeyValuePair<string, string>> Values, List<Field> Fields);

    private static async Task<Form?> FormAsync(Target target, string key)
    {
        using var res = await target.Client.GetAsync(target.Page, Ct);
        var page = await res.Content.ReadAsStringAsync(Ct);
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"{key}: GET {target.Page} answered {(int)res.StatusCode} {res.Headers.Location}");
        var token = AntiforgeryField().Match(page);
        var handler = key.Contains("?handler=", StringComparison.Ordinal) ? key[(key.IndexOf('=', StringComparison.Ordinal) + 1)..] : null;
        foreach (Match f in FormElement().Matches(page))
        {
            var tag = f.Groups[1].Value;
            if (!Attr(tag, "method").Equals("post", StringComparison.OrdinalIgnoreCase)) continue;
            var action = WebUtility.HtmlDecode(Attr(tag, "action"));
            // A second submit button of the form may post to another handler (formaction: "Preview without saving").
            if (handler is not null && Regex.Match(f.Groups[2].Value, "<button\\b[^>]*formaction=\"([^\"]*handler=" + handler + "[^\"]*)\"", RegexOptions.IgnoreCase) is { Success: true } fa)
            {
                action = WebUtility.HtmlDecode(fa.Groups[1].Value);
            }

            var formHandler = Regex.Match(action, "[?&]handler=([^&]+)", RegexOptions.IgnoreCase) is { Success: true } h ? h.Groups[1].Value : null;
            if (!string.Equals(formHandler, handler, StringComparison.OrdinalIgnoreCase)) continue;
            // The layout's own forms (sign out) post elsewhere.
            var path = action.Split('?')[0].TrimEnd('/');
            if (path.Length > 0 && !target.Page.Split('?')[0].TrimEnd('/').Equals(path, StringComparison.OrdinalIgnoreCase)
                && !key.Split('?')[0].Equals(path, StringComparison.OrdinalIgnoreCase)) continue;
            var inner = f.Groups[2].Value;
            if (target.Marker is { } marker && !inner.Contains(marker, StringComparison.Ordinal)) continue;
            var (values, fields) = Controls(inner);
            foreach (var (name, value) in target.Good ?? new Dictionary<string, string>())
            {
                values.RemoveAll(v => v.Key == name);
                values.Add(new(name, value));
                if (!fields.Any(x => x.Name == name)) fields.Add(new(name, "text", null, false, []));
            }

            return new(action.Length == 0 ? target.Page : action, token.Groups[1].Value, values, fields);
        }

        return null;
    }

    private static (List<KeyValuePair<string, string>>, List<Field>) Controls(string html)
    {
        var values = new List<KeyValuePair<string, string>>();
        var fields = new List<Field>();
        var buttonTaken = false;
        void Add(string name, string kind, int? max, bool required, IReadOnlyList<string> options)
        {
            var existing = fields.FindIndex(x => x.Name == name);
            if (existing < 0) fields.Add(new(name, kind, max, required, options));
            else if (options.Count > 0) fields[existing] = fields[existing] with { Options = [.. fields[existing].Options, .. options] };
        }

        foreach (Match c in Control().Matches(html))
        {
            var tag = c.Groups["tag"].Value;
            var name = WebUtility.HtmlDecode(Attr(tag, "name"));
            if (name.Length == 0 || name == "__af") continue;
            var max = int.TryParse(Attr(tag, "maxlength"), out var m) ? m : (int?)null;
            var required = Regex.IsMatch(tag, @"\srequired[\s>=]");
            var value = WebUtility.HtmlDecode(Attr(tag, "value"));
            switch (c.Groups["kind"].Value)
            {
                case "input":
                    var type = Attr(tag, "type").ToLowerInvariant() is { Length: > 0 } t ? t : "text";
                    if (type is "file" or "button" or "reset") continue;
                    if (type is "submit" or "image")
                    {
                        // The button that sends the form: its name and value, once.
                        if (!buttonTaken) values.Add(new(name, value));
                        buttonTaken = true;
                        continue;
                    }

                    if (type is "checkbox" or "radio")
                    {
                        if (Regex.IsMatch(tag, @"\schecked[\s>=/]")) values.Add(new(name, value.Length == 0 ? "on" : value));
                        Add(name, type, null, required, [value]);
                        continue;
                    }

                    values.Add(new(name, value));
                    Add(name, type, max, required, []);
                    break;
                case "button":
                    if (!buttonTaken && Attr(tag, "type") is "" or "submit") values.Add(new(name, value));
                    buttonTaken = true;
                    break;
                case "select":
                    var options = OptionElement().Matches(c.Groups["body"].Value).Select(o => (Value: WebUtility.HtmlDecode(Attr(o.Groups[1].Value, "value")), Selected: Regex.IsMatch(o.Groups[1].Value, @"\sselected[\s>=]"))).ToList();
                    var chosen = options.Where(o => o.Selected).Select(o => o.Value).ToList();
                    if (chosen.Count == 0 && !Regex.IsMatch(tag, @"\smultiple[\s>=]") && options.Count > 0) chosen.Add(options[0].Value);
                    values.AddRange(chosen.Select(v => new KeyValuePair<string, string>(name, v)));
                    Add(name, "select", null, required, options.Select(o => o.Value).ToList());
                    break;
                case "textarea":
                    values.Add(new(name, WebUtility.HtmlDecode(c.Groups["body"].Value).TrimStart('\n')));
                    Add(name, "textarea", max, required, []);
                    break;
            }
        }

        return (values, fields);
    }

    private static string Attr(string tag, string name) =>
        Regex.Match(tag, $"(?<![\\w-]){name}=\"([^\"]*)\"", RegexOptions.IgnoreCase) is { Success: true } m ? m.Groups[1].Value : "";

    [GeneratedRegex("<form\\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex("(?<tag><(?<kind>input)\\b[^>]*>)|(?<tag><(?<kind>select)\\b[^>]*>)(?<body>.*?)</select>|(?<tag><(?<kind>textarea)\\b[^>]*>)(?<body>.*?)</textarea>|(?<tag><(?<kind>button)\\b[^>]*>)", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Control();

    [GeneratedRegex("<option\\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex OptionElement();

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    // ---- the mutations ---------------------------------------------------------------------------------------------

    /// <param name="MustRefuse">The value is wrong in every form (a 1 MB text, an unknown picklist value); false: it may
    /// be legitimately saved (an optional field left empty, a name in free text), and then must not break anything.</param>
    /// <param name="Raw">Already percent-encoded, sent as is (malformed escapes).</param>
    /// <param name="CheckSaved">Valid free text: when accepted, what the form shows afterwards must be what was sent.</param>
    private sealed record Mutation(string Field, string Label, List<KeyValuePair<string, string>> Values, bool MustRefuse, string? Raw = null, bool CheckSaved = false);

    /// <summary>
    /// Those that must be refused first: they leave the form as it is, so all of them are sent even to a form that an
    /// accepted one ends (an override approved by its first valid post).
    /// </summary>
    private static List<Mutation> Ordered(IEnumerable<Mutation> all) => all.OrderBy(m => m.MustRefuse ? 0 : 1).ToList();

    private static IEnumerable<Mutation> Mutations(Form form)
    {
        foreach (var f in form.Fields)
        {
            var current = form.Values.Where(v => v.Key == f.Name).Select(v => v.Value).ToList();
            var first = current.FirstOrDefault() ?? "";
            List<KeyValuePair<string, string>> With(params string[] vs)
            {
                var list = form.Values.Where(v => v.Key != f.Name).ToList();
                list.AddRange(vs.Select(v => new KeyValuePair<string, string>(f.Name, v)));
                return list;
            }

            // Left out and left empty: fine for an optional field, a field error for a required one; a browser always
            // sends a hidden field, so a form without it is refused.
            // A field the form's address also carries (the checklist's list and version) is not missed when left out.
            var needed = (f.Required || f.Hidden) && !Regex.IsMatch(form.Action, $"[?&]{Regex.Escape(f.Name)}=", RegexOptions.IgnoreCase);
            yield return new(f.Name, "missing", With(), needed && f.Kind is not ("checkbox" or "radio"));
            if (!f.IsChoice || f.Kind == "select") yield return new(f.Name, "empty", With(""), needed);
            yield return new(f.Name, "1 MB", With(LongText), MustRefuse: true);
            yield return new(f.Name, "NUL", With("Zq\u0000x"), MustRefuse: true);
            yield return new(f.Name, "control characters", With("Zq\u0007x\u001by"), MustRefuse: true);
            yield return new(f.Name, "malformed percent escapes", With(), MustRefuse: false, Raw: $"{Uri.EscapeDataString(f.Name)}=%C3%28%FF%E2%82%%G1");
            if (current.Count == 1 && !f.IsChoice) yield return new(f.Name, "twice, different values", With(first, first.Length == 0 ? "x" : first + "9"), MustRefuse: false);
            if (f.MaxLength is { } max && !f.IsDate && !f.IsNumber)
            {
                yield return new(f.Name, $"{max + 1} characters (maxlength {max})", With(new string('k', max + 1)), MustRefuse: true);
                if (f.IsFreeText && !f.Hidden) yield return new(f.Name, $"{max} characters", With(new string('k', max)), MustRefuse: false, CheckSaved: true);
            }

            if (f.IsChoice) yield return new(f.Name, "unknown picklist value", f.Kind == "select" ? With("NoSuchValue") : [.. form.Values, new(f.Name, "NoSuchValue")], MustRefuse: true);
            if (f.IsDate)
            {
                foreach (var d in new[] { "next Tuesday", "2026-02-30", "0001-01-01", "9999-12-31" }) yield return new(f.Name, d, With(d), MustRefuse: true);
            }
            else if (f.IsNumber || (f.Hidden && long.TryParse(first, out _)))
            {
                yield return new(f.Name, "letters", With("twelve"), MustRefuse: true);
                yield return new(f.Name, "negative", With("-1"), MustRefuse: f.IsNumber);
                yield return new(f.Name, "huge", With("99999999999999999999999"), MustRefuse: true);
                if (f.Hidden && long.TryParse(first, out var version) && f.Name.Contains("Version", StringComparison.OrdinalIgnoreCase))
                {
                    yield return new(f.Name, "stale", With((version - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), MustRefuse: true);
                    yield return new(f.Name, "1e3", With("1e3"), MustRefuse: true);
                }
            }
            else if (f.Hidden && Guid.TryParse(first, out _))
            {
                yield return new(f.Name, "not an id", With("not-an-id"), MustRefuse: true);
                yield return new(f.Name, "someone else's id", With(Guid.NewGuid().ToString()), MustRefuse: true);
            }
            else if (f.IsFreeText)
            {
                yield return new(f.Name, "a personal name", With($"{first} {PersonalName}".Trim()), MustRefuse: false, CheckSaved: true);
            }
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string action, List<KeyValuePair<string, string>> values, string? token, string? raw = null)
    {
        var parts = values.Select(v => $"{Uri.EscapeDataString(v.Key)}={Uri.EscapeDataString(v.Value)}").ToList();
        if (raw is not null) parts.Add(raw);
        if (token is not null) parts.Add("__af=" + Uri.EscapeDataString(token));
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(string.Join("&", parts)));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        return await client.PostAsync(action, content, Ct);
    }

    // ---- the judgement -----------------------------------------------------------------------------------------------

    /// <summary>
    /// For a server error: what the app logged under the error page's reference (ProblemMapping logs the exception's
    /// type, its stack frames and the trace id, nothing of the request), so a rare failure can be diagnosed from the
    /// test's message.
    /// </summary>
    private static string ServerSide(PalermoApplication web, HttpResponseMessage res, string body)
    {
        if ((int)res.StatusCode < 500) return "";
        var trace = Regex.Match(body, "Reference: <code>([^<]+)</code>").Groups[1].Value;
        var lines = trace.Length == 0 ? [] : web.Logs.Lines.Where(l => l.Contains(trace, StringComparison.Ordinal)).Select(l => l[..Math.Min(300, l.Length)]).ToList();
        return $" (reference {(trace.Length == 0 ? "none: not the error page" : trace)}; logged: {(lines.Count == 0 ? "nothing" : string.Join(" | ", lines))})";
    }

    private sealed record Verdict(bool Accepted, string? Problem, string Errors = "");

    private static Verdict Judge(Form form, Mutation m, HttpResponseMessage res, string body)
    {
        var status = (int)res.StatusCode;
        var field = form.Fields.First(f => f.Name == m.Field);
        if (status >= 500) return new(false, $"{status} (server error)");
        if (body.Contains("<h1>Something went wrong</h1>", StringComparison.Ordinal)) return new(false, "the error page");
        if (body.Contains(LongText[..20_000], StringComparison.Ordinal)) return new(false, $"{status}, and the page sends the 1 MB value back");
        var errors = ErrorTexts(body);
        if (errors.Any(e => e.Contains("Olufunke", StringComparison.Ordinal) || e.Contains("Bamidele", StringComparison.Ordinal)))
        {
            return new(false, "an error message quotes the personal name");
        }

        if (status is 302 or 303 && res.Headers.Location?.OriginalString.Contains("/Account/SignIn", StringComparison.Ordinal) == true)
        {
            throw new Xunit.Sdk.XunitException($"[{m.Field} = {m.Label}] signed the user out ({res.Headers.Location})");
        }

        if (status is 302 or 303) return new(true, m.MustRefuse ? $"accepted ({status} to {res.Headers.Location})" : null);
        // A NUL (%00) anywhere in the body: ASP.NET Core refuses the whole form before the page runs (a bare 400). A
        // browser does not send NUL from a text field, so this is left to the framework; the snapshot still proves
        // nothing was saved.
        if (m.Label == "NUL" && status == 400) return new(false, null);
        if (status is 400 or 404 or 409)
        {
            // A hidden field is not typed: a bare refusal of a forged one is enough. A typed field gets the form back.
            return new(false, field.Hidden ? null : $"{status}: a bare error instead of the form with the field's error: {body[..Math.Min(150, body.Length)]}");
        }

        if (status != 200) return new(false, $"{status}, expected the form again or a redirect");
        if (errors.Count == 0) return new(true, m.MustRefuse ? "accepted (the page shows no error)" : null);
        if (errors.Any(e => Regex.IsMatch(e, "something went wrong|unexpected error|invalid input\\.", RegexOptions.IgnoreCase)))
        {
            return new(false, "a generic error for a field problem: " + string.Join(" | ", errors));
        }

        // The refused form takes the focus to its first error (a field, a group's first field, or the summary), and
        // only there: the browser honours the first autofocus, and a second one means two helpers disagree.
        var focused = Regex.Count(body, @"\sautofocus[\s>=/]");
        if (focused != 1) return new(false, $"refused, but {focused} elements take the focus on load (expected 1, the first error)");
        var shown = string.Join(" | ", errors);
        shown = shown[..Math.Min(200, shown.Length)];
        if (field.Hidden || field.Kind is "checkbox" or "radio") return new(false, null, shown);
        // Tied to the field: the control points at its error (aria-describedby), as the pages do for every field error.
        var control = Regex.Match(body, $"<(?:input|select|textarea)\\b[^>]*(?<![\\w-])name=\"{Regex.Escape(m.Field)}\"[^>]*>", RegexOptions.IgnoreCase);
        var describedBy = control.Success ? Attr(control.Value, "aria-describedby") : "";
        if (describedBy.Length > 0 && describedBy.Split(' ').Any(id => body.Contains($"id=\"{id}\"", StringComparison.Ordinal))) return new(false, null, shown);
        // A control without aria-describedby (one repeated per row, like an event's country) and a field error shown by it.
        if (describedBy.Length == 0 && body.Contains("class=\"field-error\"", StringComparison.Ordinal)) return new(false, null, shown);
        return new(false, $"refused, but the error is not tied to the field (aria-describedby \"{describedBy}\"): {string.Join(" | ", errors)[..Math.Min(200, string.Join(" | ", errors).Length)]}");
    }

    private static List<string> ErrorTexts(string html) =>
        ErrorBlock().Matches(html).Select(m => Regex.Replace(WebUtility.HtmlDecode(m.Groups[2].Value), "<[^>]+>", " ").Trim()).Where(t => t.Length > 0).ToList();

    [GeneratedRegex("<(p|div)[^>]*class=\"(?:field-error|form-errors)[^\"]*\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline)]
    private static partial Regex ErrorBlockRaw();

    private static Regex ErrorBlock() => ErrorBlockRaw();

    // ---- the world -----------------------------------------------------------------------------------------------------

    /// <param name="Page">The page to GET the form from.</param>
    /// <param name="Marker">Text the form must contain, where the page has several forms for one handler.</param>
    /// <param name="Good">Values that make an empty form valid (the page's own values are kept otherwise).</param>
    private sealed record Target(HttpClient Client, string Page, string? Marker = null, IReadOnlyDictionary<string, string>? Good = null);

    private sealed class World
    {
        /// <summary>The swept handlers, in the order sent: those that end something (close, erase, withdraw) last.</summary>
        public static readonly List<string> Swept =
        [
            "/Admin/Organisations", "/Admin/Users", "/Admin/Users?handler=Reset", "/Admin/ServiceTypes", "/Admin/ServiceTypes?handler=Rename",
            "/Admin/ServiceTypes?handler=Active", "/Cases/Index", "/Cases/Register", "/Cases/Edit", "/Cases/Identity", "/Cases/Screenings",
            "/Cases/View?handler=Consent", "/Cases/View?handler=Refer", "/Cases/View?handler=Service", "/Cases/View?handler=UpdateService",
            "/Cases/View?handler=Note", "/Cases/View?handler=Plan", "/Cases/View?handler=Decision", "/Cases/View?handler=Assign",
            "/Cases/View?handler=Override", "/Cases/View?handler=Withdraw", "/Cases/View?handler=Close", "/Cases/Attachments?handler=Delete",
            "/Cases/Transfer?handler=Export", "/Screening/Checklist", "/Referrals/Index?handler=Override", "/Cases/View?handler=Approver",
            "/Referrals/Index", "/Privacy/Retention?handler=Preview", "/Privacy/Retention", "/Privacy/Retention?handler=Clear", "/Privacy/Subject?handler=Hold",
            "/Privacy/Subject?handler=Erase", "/Statistics/Publications?handler=Draft", "/Statistics/Publications?handler=Approve",
            "/Statistics/Publications?handler=Withdraw", "/Linkage/Index", "/Linkage/Kit?handler=Secret", "/Linkage/Submit?handler=Export",
            "/Admin/Users?handler=Roles", "/Admin/Users?handler=Active",
            "/EmergencyAccess/Index", "/EmergencyAccess/Index?handler=End", "/EmergencyAccess/Review", "/EmergencyAccess/Review?handler=Revoke",
            "/Cases/View?handler=Revoke",
        ];

        public required HttpClient SystemAdmin { get; init; }
        public required HttpClient OrgAdmin { get; init; }
        public required HttpClient Supervisor { get; init; }
        public required HttpClient Approver { get; init; }
        public required HttpClient Receiver { get; init; }
        public required HttpClient Coordinator { get; init; }
        public required HttpClient Coordinator2 { get; init; }
        public required HttpClient Dpo { get; init; }
        /// <summary>A frontline officer of the receiving shelter: opens emergency access to the case on the form.</summary>
        public required HttpClient Officer { get; init; }
        public required Guid CaseId { get; init; }
        public required Dictionary<Guid, string> References { get; init; }
        public required Guid EndCaseId { get; init; }
        public required Guid AttachmentId { get; init; }
        public required Guid ApproverId { get; init; }

        /// <summary>An account no other target uses: its row's role and deactivation forms are swept.</summary>
        public required string CaseWorkerEmail { get; init; }

        public static async Task<World> CreateAsync(PalermoApplication web)
        {
            var org = await web.CreateOrganisationAsync("Form Sweep NGO");
            var receiverOrg = await web.CreateOrganisationAsync("Form Sweep Shelter", Palermo.Organisations.OrganisationKind.Shelter);
            var thirdOrg = await web.CreateOrganisationAsync("Form Sweep Clinic");
            var fourthOrg = await web.CreateOrganisationAsync("Form Sweep Legal Aid");
            var coordOrg = await web.CreateOrganisationAsync("Form Sweep Coordination");
            // Everyone signs in first: the authenticator codes come from the real clock, the app's clock stands still.
            var supervisor = await web.SignInAsync(await web.CreateUserAsync(Role.CaseSupervisor, org.Id));
            var approverUser = await web.CreateUserAsync(Role.CaseSupervisor, org.Id);
            var approver = await web.SignInAsync(approverUser);
            var caseWorker = await web.CreateUserAsync(Role.CaseWorker, org.Id);
            var systemAdmin = await web.SignInAsync(await web.CreateUserAsync(Role.SystemAdministrator, org.Id));
            var orgAdmin = await web.SignInAsync(await web.CreateUserAsync(Role.OrganisationAdministrator, org.Id));
            var receiver = await web.SignInAsync(await web.CreateUserAsync(Role.CaseSupervisor, receiverOrg.Id));
            var coordinator = await web.SignInAsync(await web.CreateUserAsync(Role.NationalCoordinator, coordOrg.Id));
            var coordinator2 = await web.SignInAsync(await web.CreateUserAsync(Role.NationalCoordinator, coordOrg.Id));
            async Task<Guid> CaseAsync()
            {
                var c = await Ok(await supervisor.PostAsJsonAsync("/api/v1/cases", new
                {
                    givenName = "Amara", familyName = "Diallo", birthDate = "2000-03-04", citizenships = new[] { "SN" }, countryOfDetection = "ITA",
                    identificationDate = "2026-01-15", exploitation = new[] { "ForcedLabour" },
                }, Ct));
                var id = c.GetProperty("caseId").GetGuid();
                // Consent for the receiving shelter only: the referrals to the clinic and the legal aid need an override.
                foreach (var to in new[] { receiverOrg.Id })
                {
                    foreach (var purpose in new[] { "Referral", "SharingIdentifiableData" })
                    {
                        await Ok(await supervisor.PostAsJsonAsync($"/api/v1/cases/{id}/consents", new { purpose, recordedAs = "Written", recipientOrganisationId = to }, Ct));
                    }
                }

                await Ok(await supervisor.PostAsJsonAsync($"/api/v1/cases/{id}/services", new { serviceCode = "food", startDate = "2026-01-16" }, Ct));
                return id;
            }

            var caseId = await CaseAsync();
            var endCaseId = await CaseAsync();
            await Ok(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new { toOrganisationId = receiverOrg.Id, services = new[] { "shelter" }, parts = new[] { "CaseDetails" } }, Ct));
            // Two consent overrides naming the approver: one answered on the Referrals page, one on the case page.
            await Ok(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new { toOrganisationId = thirdOrg.Id, services = new[] { "shelter" }, overrideReason = "urgent medical need", approvedBySupervisorId = approverUser.Id }, Ct));
            await Ok(await supervisor.PostAsJsonAsync($"/api/v1/cases/{endCaseId}/referrals", new { toOrganisationId = fourthOrg.Id, services = new[] { "shelter" }, overrideReason = "urgent medical need", approvedBySupervisorId = approverUser.Id }, Ct));
            // A third override, naming a supervisor who then leaves: the requester names another approver on the case page.
            var leaver = await web.CreateUserAsync(Role.CaseSupervisor, org.Id);
            await Ok(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new { toOrganisationId = fourthOrg.Id, services = new[] { "legal-aid" }, overrideReason = "urgent legal deadline", approvedBySupervisorId = leaver.Id }, Ct));
            await Ok(await orgAdmin.PostAsync($"/api/v1/users/{leaver.Id}/deactivate", null, Ct));
            var attachment = await Ok(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/attachments", new { fileName = "a.txt", contentType = "text/plain", content = "text"u8.ToArray() }, Ct));
            await Ok(await supervisor.PostAsJsonAsync("/api/v1/screenings", new { listId = "ilo-ec-adult-labour", listVersion = "2009-cited.1", indicators = new[] { "1.wages-earnings" } }, Ct));

            // Emergency access: the receiver's own running grant (its "End now" form), and two of strangers' to the
            // case (the supervisor's and the data protection officer's revoke and review forms).
            var officer = await web.SignInAsync(await web.CreateUserAsync(Role.FrontlineOfficer, receiverOrg.Id));
            var dpo = await web.SignInAsync(await web.CreateUserAsync(Role.DataProtectionOfficer, org.Id));
            var references = await web.With(sp => sp.GetRequiredService<Palermo.Data.PalermoDbContext>().Cases.ToDictionaryAsync(c => c.Id, c => c.Reference, Ct));
            const string reason = "Met the person at night; needs the guardian and the risk now";
            await Ok(await receiver.PostAsJsonAsync("/api/v1/emergency-access", new { reference = references[endCaseId], reason, parts = new[] { "CaseDetails" } }, Ct));
            foreach (var _ in new[] { 1, 2 })
            {
                var someone = new Actor(Guid.NewGuid(), receiverOrg.Id, new HashSet<Role> { Role.FrontlineOfficer }, "127.0.0.1");
                await web.With(sp => sp.GetRequiredService<Palermo.EmergencyAccess.OpenEmergencyAccess>().HandleAsync(new(references[caseId], reason, ["CaseDetails"]), someone, Ct));
            }

            return new World
            {
                Dpo = dpo, Officer = officer, References = references,
                SystemAdmin = systemAdmin, OrgAdmin = orgAdmin, Supervisor = supervisor, Approver = approver, Receiver = receiver,
                Coordinator = coordinator, Coordinator2 = coordinator2,
                ApproverId = approverUser.Id, CaseId = caseId, EndCaseId = endCaseId, AttachmentId = attachment.GetProperty("id").GetGuid(), CaseWorkerEmail = caseWorker.Email,
            };
        }

        private static async Task<JsonElement> Ok(HttpResponseMessage res)
        {
            var body = await res.Content.ReadAsStringAsync(Ct);
            Assert.True(res.IsSuccessStatusCode, $"setup: {res.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)res.StatusCode} {body}");
            return body.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(body);
        }

        /// <summary>Who posts the form, from which page. Only empty forms get values (<see cref="Target.Good"/>).</summary>
        public Task<Target> TargetAsync(string key) => Task.FromResult(key switch
        {
            "/Admin/Organisations" => new Target(SystemAdmin, "/Admin/Organisations", Good: new Dictionary<string, string> { ["Name"] = "Sweep Org", ["Country"] = "ITA" }),
            "/Admin/Users" => new Target(OrgAdmin, "/Admin/Users", Good: new Dictionary<string, string> { ["Email"] = $"sweep-{Guid.NewGuid():N}@example.org" }),
            "/Admin/Users?handler=Reset" => new Target(OrgAdmin, "/Admin/Users"),
            "/Admin/Users?handler=Roles" => new Target(OrgAdmin, "/Admin/Users", Marker: $"Roles of {CaseWorkerEmail}"),
            "/Admin/Users?handler=Active" => new Target(OrgAdmin, "/Admin/Users", Marker: $"Deactivate {CaseWorkerEmail}"),
            "/Admin/ServiceTypes" => new Target(SystemAdmin, "/Admin/ServiceTypes", Good: new Dictionary<string, string> { ["Code"] = "sweep-" + Guid.NewGuid().ToString("N")[..6], ["Name"] = "Sweep service" }),
            "/Admin/ServiceTypes?handler=Rename" => new Target(SystemAdmin, "/Admin/ServiceTypes"),
            "/Admin/ServiceTypes?handler=Active" => new Target(SystemAdmin, "/Admin/ServiceTypes"),
            "/Cases/Index" => new Target(Supervisor, "/Cases", Good: new Dictionary<string, string> { ["Name"] = "Amara" }),
            "/Cases/Register" => new Target(Supervisor, "/Cases/Register", Good: new Dictionary<string, string>
            {
                ["Input.GivenName"] = "Amara", ["Input.FamilyName"] = "Diallo", ["Input.BirthDate"] = "2000-03-04", ["Input.IdentificationDate"] = "2026-01-15",
                ["Input.CountryOfDetection"] = "ITA", ["Input.Exploitation"] = "ForcedLabour", ["EventCountries"] = "SEN", ["EventDates"] = "2025-06-01",
            }),
            "/Cases/Edit" => new Target(Supervisor, $"/Cases/Edit/{CaseId}", Good: new Dictionary<string, string> { ["EventCountries"] = "SEN", ["EventDates"] = "2025-06-01" }),
            "/Cases/Identity" => new Target(Supervisor, $"/Cases/Identity/{CaseId}"),
            "/Cases/Screenings" => new Target(Supervisor, $"/Cases/Screenings/{CaseId}"),
            "/Cases/View?handler=Consent" or "/Cases/View?handler=Refer" or "/Cases/View?handler=UpdateService" or "/Cases/View?handler=Decision" =>
                new Target(Supervisor, $"/Cases/View/{CaseId}"),
            "/Cases/View?handler=Service" => new Target(Supervisor, $"/Cases/View/{CaseId}", Good: new Dictionary<string, string> { ["StartDate"] = "2026-01-20" }),
            "/Cases/View?handler=Note" => new Target(Supervisor, $"/Cases/View/{CaseId}", Good: new Dictionary<string, string> { ["NoteText"] = "Called the shelter" }),
            "/Cases/View?handler=Plan" => new Target(Supervisor, $"/Cases/View/{CaseId}", Good: new Dictionary<string, string> { ["Objectives"] = "Recovery", ["PlannedEndDate"] = "2026-06-01" }),
            "/Cases/View?handler=Assign" => new Target(Supervisor, $"/Cases/View/{CaseId}", Marker: "<select"),
            "/Cases/View?handler=Override" => new Target(Approver, $"/Cases/View/{EndCaseId}", Marker: "Approve"),
            "/Cases/View?handler=Withdraw" => new Target(Supervisor, $"/Cases/View/{EndCaseId}"),
            "/Cases/View?handler=Close" => new Target(Supervisor, $"/Cases/View/{EndCaseId}", Good: new Dictionary<string, string> { ["Reason"] = "Moved away" }),
            "/Cases/Attachments?handler=Delete" => new Target(Supervisor, $"/Cases/Attachments/{CaseId}?handler=ConfirmDelete&attachmentId={AttachmentId}"),
            "/Cases/Transfer?handler=Export" => new Target(Supervisor, "/Cases/Transfer"),
            "/Screening/Checklist" => new Target(Supervisor, "/Screening/Checklist?list=ilo-ec-adult-labour&version=2009-cited.1", Good: new Dictionary<string, string> { ["Indicators"] = "1.wages-earnings" }),
            "/Referrals/Index?handler=Override" => new Target(Approver, "/Referrals", Marker: "Approve"),
            "/Cases/View?handler=Approver" => new Target(Supervisor, $"/Cases/View/{CaseId}", Good: new Dictionary<string, string> { ["NewApprover"] = ApproverId.ToString() }),
            "/Referrals/Index" => new Target(Receiver, "/Referrals", Marker: "Accept"),
            "/Privacy/Retention?handler=Preview" or "/Privacy/Retention" => new Target(OrgAdmin, "/Privacy/Retention", Good: new Dictionary<string, string> { ["ClosedCaseYears"] = "7" }),
            "/Privacy/Retention?handler=Clear" => new Target(OrgAdmin, "/Privacy/Retention"),
            "/Privacy/Subject?handler=Hold" => new Target(Supervisor, $"/Privacy/Subject/{CaseId}", Good: new Dictionary<string, string> { ["Reason"] = "Court order 12/2026" }),
            "/Privacy/Subject?handler=Erase" => new Target(Supervisor, $"/Privacy/Subject/{EndCaseId}", Good: new Dictionary<string, string> { ["Reason"] = "The person asked" }),
            "/Statistics/Publications?handler=Draft" => new Target(Coordinator, "/Statistics/Publications", Good: new Dictionary<string, string> { ["Title"] = "Sweep bulletin", ["FromYear"] = "2025", ["ToYear"] = "2026" }),
            "/Statistics/Publications?handler=Approve" => new Target(Coordinator2, "/Statistics/Publications"),
            "/Statistics/Publications?handler=Withdraw" => new Target(Coordinator, "/Statistics/Publications"),
            "/Linkage/Index" => new Target(Coordinator, "/Linkage", Good: new Dictionary<string, string> { ["Name"] = "Sweep project" }),
            "/Linkage/Kit?handler=Secret" => new Target(OrgAdmin, "/Linkage/Kit"),
            "/Linkage/Submit?handler=Export" => new Target(Supervisor, "/Linkage/Submit"),
            "/EmergencyAccess/Index" => new Target(Officer, "/EmergencyAccess", Good: new Dictionary<string, string>
            {
                ["Reference"] = References[CaseId], ["Reason"] = "Met the person at night; needs the guardian and the risk now",
            }),
            "/EmergencyAccess/Index?handler=End" => new Target(Receiver, "/EmergencyAccess"),
            "/EmergencyAccess/Review" => new Target(Dpo, "/EmergencyAccess/Review", Good: new Dictionary<string, string> { ["Verdict"] = "Justified" }),
            "/EmergencyAccess/Review?handler=Revoke" => new Target(Dpo, "/EmergencyAccess/Review"),
            "/Cases/View?handler=Revoke" => new Target(Supervisor, $"/Cases/View/{CaseId}"),
            _ => throw new Xunit.Sdk.XunitException($"{key} has no target: give it one (a page with the form, a client allowed to post it)."),
        });
    }
}
