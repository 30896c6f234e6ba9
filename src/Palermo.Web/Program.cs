using Palermo;
using Palermo.Data;
using Palermo.Web.Accounts;
using Palermo.Web.Assistance;
using Palermo.Web.Audit;
using Palermo.Web.Cases;
using Palermo.Web.EmergencyAccess;
using Palermo.Web.Health;
using Palermo.Web.Infrastructure;
using Palermo.Web.Organisations;
using Palermo.Web.Privacy;
using Palermo.Web.Screening;
using Scalar.AspNetCore;

// Hidden mode: the short-lived child that cleans one uploaded PDF, stdin to stdout (Palermo.Cases.PdfCleaner). The
// same published files serve both, so there is nothing more to deploy.
if (args is [Palermo.Cases.PdfCleaner.ChildArgument]) return Palermo.Cases.PdfCleaner.RunChild();
if (args is [Palermo.Cases.PdfCleaner.ProbeArgument, var probePath, var probePort]) return Palermo.Cases.PdfCleaner.RunProbe(probePath, int.Parse(probePort, System.Globalization.CultureInfo.InvariantCulture));

// `--demo` is a flag, not a key=value pair, so take it out before configuration reads the arguments.
var demo = args.Contains("--demo");
args = args.Where(a => a != "--demo").ToArray();

// The slim builder leaves out what Palermo does not use (IIS integration, HTTP/3 over QUIC, the Debug and EventSource
// log providers, regex route constraints): fewer assemblies to load at start and to keep in memory. HTTPS endpoints
// configured for Kestrel still work (UseKestrelHttpsConfiguration).
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseKestrelHttpsConfiguration();
builder.Configuration.AddEnvironmentVariables("PALERMO__");
// Log categories that carry personal data or secrets at low levels, capped whatever levels an operator configures
// while chasing a fault:
// - file results log the download name at Information, and an attachment's name is personal data ("passport_Olena.jpg");
// - "Request starting/finished" lines carry the whole URL with its query string: a name or document number that a
//   client put there (GET /api/v1/cases?name=…, refused, but logged before it is refused) or a one-time link's token;
// - at Trace, Razor Pages logs every handler's arguments ("OnPostNoteAsync with arguments (…, <the note>)").
// A provider-specific setting (Logging:Console:LogLevel:…) outranks a rule for all providers, so after configuration
// is read every provider named in any rule gets the same caps, added last (the last of equally specific rules wins).
(string Category, LogLevel Level)[] caps =
[
    ("Microsoft.AspNetCore.Http.Result.FileContentResult", LogLevel.Warning),
    ("Microsoft.AspNetCore.Mvc.Infrastructure.FileContentResultExecutor", LogLevel.Warning),
    ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning),
    ("Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure.PageActionInvoker", LogLevel.Debug),
];
builder.Services.PostConfigure<LoggerFilterOptions>(o =>
{
    var providers = o.Rules.Select(r => r.ProviderName).Where(p => p is not null).Distinct().Prepend(null).ToList();
    foreach (var (category, cap) in caps)
    {
        foreach (var provider in providers)
        {
            // Only where the level in force is more verbose than the cap: an operator's stricter setting stays.
            if (EffectiveLevel(o, provider, category) < cap) o.Rules.Add(new LoggerFilterRule(provider, category, cap, null));
        }
    }
});
PalermoSettings settings;
try
{
    settings = PalermoSettings.From(builder.Configuration);
}
catch (DomainException ex)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 2;
}

demo |= builder.Configuration.GetValue<bool>("Palermo:Demo");
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls(PalermoSettings.DefaultUrl);
}

builder.Services.AddPalermo(settings).AddPalermoUseCases();
builder.Services.AddSingleton(new DemoMode(demo));
builder.AddPalermoWeb();
builder.Services.AddHostedService<Palermo.Web.Privacy.RetentionJob>();
builder.Services.AddHostedService<Palermo.Web.Linkage.LinkageRunJob>();
builder.Services.AddHostedService<Palermo.Web.Audit.SearchAuditFlush>();
builder.Services.AddHostedService<Palermo.Web.Accounts.UnknownSignInPurgeJob>();

var app = builder.Build();
// The database check (migrations, WAL) runs on the second core while this thread builds the pipeline and maps the
// endpoints; the server starts listening only once both are done.
var prepared = Task.Run(() => Startup.PrepareAsync(app, settings, demo));
// API requests get problem details from ProblemMapping; page requests are re-executed as the error page, with the
// status ProblemMapping.StatusCode chooses (a 404 is a valid result there). ProblemMapping logs the exception's type,
// stack frames and trace id, never its message; the middleware's own log line would carry the message, which can quote
// request values.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandlingPath = "/Error",
    StatusCodeSelector = ProblemMapping.StatusCode,
    AllowStatusCode404Response = true,
    SuppressDiagnosticsCallback = _ => true,
});
// A status without a body (a page's NotFound(), an unknown address, a refused antiforgery token) is shown to a browser as
// the app's error page, in its layout, with a title, a heading and a way on (WCAG 2.4.2, 3.1.1); the framework's page
// was problem-details JSON or plain text. API callers and session.js's keep-alive still get problem details.
app.UseWhen(WantsProblemDetails, api => api.UseStatusCodePages());
app.UseWhen(c => !WantsProblemDetails(c), pages => pages.UseStatusCodePagesWithReExecute("/Error"));
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseSecurityHeaders();
app.UseRequestSizeLimit();
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealth();
app.MapRazorPages();
app.MapKeepAlive();
app.MapOpenApi().RequireAuthorization(Policies.For(Palermo.Accounts.Permission.ManageAllAccounts));
app.MapScalarApiReference().RequireAuthorization(Policies.For(Palermo.Accounts.Permission.ManageAllAccounts));
// Every API operation can answer a field error (400), "not found" (404, also for what is out of the caller's reach) and
// "busy" (503 with Retry-After: the database stayed locked by another write; docs/operations.md): all RFC 7807
// problem details, documented as such in the OpenAPI document.
var api = app.MapGroup("/api/v1").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
    .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
api.MapAccountEndpoints();
api.MapOrganisationEndpoints();
api.MapAssistanceEndpoints();
api.MapCaseEndpoints();
api.MapPrivacyEndpoints();
api.MapAuditEndpoints();
api.MapScreeningEndpoints();
api.MapEmergencyAccessEndpoints();

await prepared;
await app.StartAsync();
await Startup.PrintSetupLinkAsync(app, settings);
// Start-up leaves garbage behind (the EF model's builders, endpoint factories, migration queries): one compacting
// collection that returns free memory to the operating system keeps a fresh instance small (docs/performance.md).
GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
await app.WaitForShutdownAsync();
return 0;

static bool WantsProblemDetails(HttpContext c) => ProblemMapping.IsApi(c)
    || c.Request.Path.StartsWithSegments(KeepAlive.Path, StringComparison.OrdinalIgnoreCase);

// The level the logging framework would apply to a category for a provider (null: providers without rules of their
// own), chosen as it chooses: a rule for the provider over a rule for all, then the longest matching category prefix,
// then the later rule. Wildcard categories are not modelled; the caps above are only ever added, never removed.
static LogLevel EffectiveLevel(LoggerFilterOptions options, string? provider, string category)
{
    LoggerFilterRule? best = null;
    foreach (var rule in options.Rules)
    {
        if (rule.Filter is not null || (rule.ProviderName is not null && rule.ProviderName != provider)) continue;
        if (rule.CategoryName is not null && !category.StartsWith(rule.CategoryName, StringComparison.OrdinalIgnoreCase)) continue;
        var better = best is null
            || (rule.ProviderName is not null && best.ProviderName is null)
            || ((rule.ProviderName is null) == (best.ProviderName is null) && (rule.CategoryName?.Length ?? 0) >= (best.CategoryName?.Length ?? 0));
        if (better) best = rule;
    }

    return best?.LogLevel ?? options.MinLevel;
}

public partial class Program;

