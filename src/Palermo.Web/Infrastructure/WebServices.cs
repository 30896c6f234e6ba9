using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.Web.Infrastructure;

public static class WebServices
{
    public const string SignInLimit = "sign-in";
    public const string PublicFormLimit = "public-form";

    public static void AddPalermoWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Uploaded PDFs are cleaned by this same program started in its hidden child mode, with limits.
        services.Replace(ServiceDescriptor.Singleton(PdfCleanerOptions.From(builder.Configuration) with { ChildCommand = PdfCleanerChild.Command() }));
        services.AddIdentity<PalermoUser, PalermoRole>(IdentityDefaults.Configure)
            .AddEntityFrameworkStores<PalermoDbContext>()
            .AddUserManager<PalermoUserManager>()
            .AddDefaultTokenProviders()
            // Replaces Identity's authenticator provider, which accepts a code again while it is valid.
            .AddTokenProvider<OneUseAuthenticatorCodes>(TokenOptions.DefaultAuthenticatorProvider)
            .AddPasswordValidator<CommonPasswords>()
            .AddClaimsPrincipalFactory<ClaimsFactory>();

        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            // Checked on every request (SessionCheck calls this validator only when the account row changed):
            // "sign out everywhere", a deactivated account and an MFA reset take effect at once.
            o.ValidationInterval = TimeSpan.Zero;
            o.OnRefreshingPrincipal = ctx =>
            {
                var amr = ctx.CurrentPrincipal?.FindFirst(MfaRequirement.ClaimType);
                if (amr is not null && ctx.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity id && !id.HasClaim(amr.Type, amr.Value))
                {
                    id.AddClaim(new System.Security.Claims.Claim(amr.Type, amr.Value));
                }

                return Task.CompletedTask;
            };
        });

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "palermo.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = AbsoluteSessionLimit.Idle;
            o.SlidingExpiration = true;
            o.LoginPath = "/Account/SignIn";
            o.LogoutPath = "/Account/SignOut";
            o.AccessDeniedPath = "/Account/SignIn";
            o.Events.OnSigningIn = async ctx =>
            {
                AbsoluteSessionLimit.Stamp(ctx, ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>());
                await SessionCheck.StampAsync(ctx);
            };
            o.Events.OnValidatePrincipal = async ctx =>
            {
                await AbsoluteSessionLimit.EnforceAsync(ctx, ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>());
                if (ctx.Principal is not null) await SessionCheck.ValidateAsync(ctx);
            };
            // Always renew a page's cookie (the default renews only after half the window), so the idle limit is exactly
            // 20 minutes after the last page or keep-alive and session.js can warn at the right time (docs/security.md).
            // API calls keep the default: no script counts down for them, and no new cookie on every call.
            o.Events.OnCheckSlidingExpiration = ctx =>
            {
                if (!ctx.Request.Path.StartsWithSegments("/api")) ctx.ShouldRenew = true;
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToLogin = ctx =>
            {
                // The keep-alive is called by script, which needs a status, not the sign-in page's HTML.
                if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.Equals(Palermo.Web.Accounts.KeepAlive.Path, StringComparison.OrdinalIgnoreCase)) ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                else ctx.Response.Redirect(ctx.RedirectUri);
                return Task.CompletedTask;
            };
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = "palermo.mfa";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });

        services.AddAuthorization(Policies.Add);
        // The wall clock, not the app's TimeProvider: Identity judges a real account's lock by it (UnknownAccountSignIns).
        services.AddSingleton(sp => new UnknownAccountSignIns(
            sp.GetRequiredService<Palermo.Privacy.BlindIndex>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PasswordHasherOptions>>(), TimeProvider.System));
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, NotFoundOnForbid>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "palermo.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__af";
        });
        // TempData carries the notice of a saved form over its redirect (PalermoPage.SeeOther): encrypted by Data
        // Protection, read once by the next page and then deleted; like the other cookies, never sent cross-site.
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "palermo.notice";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.IsEssential = true;
        });
        services.AddDataProtection().SetApplicationName("Palermo").PersistKeysToDbContext<PalermoDbContext>();
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<Palermo.Privacy.MasterKeyRing>((o, ring) => o.XmlEncryptor = new MasterKeyXmlEncryptor(ring));

        // Per client address and minute; configurable so that a shared gateway address can be given more room.
        var signInPerMinute = builder.Configuration.GetValue("Palermo:SignInRateLimit", 20);
        var publicPerMinute = builder.Configuration.GetValue("Palermo:PublicFormRateLimit", 30);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only the attempts (POST) count: showing the form reveals nothing to guess against, and limiting it would
            // lock out people behind one shared address from even seeing the page.
            o.AddPolicy(SignInLimit, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = signInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("display"));
            o.AddPolicy(PublicFormLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = publicPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        // The framework's binding errors quote what was typed ("The value 'Olena' is not valid for AssignedToMe."), and
        // error texts end up in screenshots, support tickets and logs: they name the field, never echo the value.
        services.AddRazorPages().AddMvcOptions(o =>
        {
            var messages = o.ModelBindingMessageProvider;
            messages.SetAttemptedValueIsInvalidAccessor((_, field) => $"This value is not valid for {field}.");
            messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => "This value is not valid.");
            messages.SetValueIsInvalidAccessor(_ => "This value is not valid.");
            messages.SetValueMustNotBeNullAccessor(_ => "A value is required.");
        });
        services.AddOpenApi(o => o.AddSchemaTransformer(PicklistJson.DescribeFlags));
        // Picklist values leave the API under the names it takes in, which are also the HTCDS file values; numbers
        // would need a lookup table on every client.
        services.ConfigureHttpJsonOptions(o =>
        {
            PicklistJson.Configure(o.SerializerOptions);
            // {"version":3,"version":9} was read as its last value: a body whose meaning depends on which parser reads it
            // (a proxy or audit tool may take the first) is refused as a field error naming the property instead.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        services.AddProblemDetails();
        // A body or parameter that cannot be read is thrown to ProblemMapping in production as in development, so the
        // problem names the field (otherwise the framework answers a bare 400 outside development).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ProblemMapping>();
        services.AddHealthChecks();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestSizeLimit.MaxBodyBytes);
        AddTelemetry(builder);
    }

    /// <summary>Traces and metrics only when an OTLP endpoint is configured. Query strings are never recorded.</summary>
    private static void AddTelemetry(WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return;
        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddAspNetCoreInstrumentation(o =>
            {
                o.RecordException = false;
                o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
            }).AddOtlpExporter())
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddOtlpExporter());
    }
}
