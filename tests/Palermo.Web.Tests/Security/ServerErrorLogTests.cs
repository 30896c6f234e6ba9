using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Security;

/// <summary>
/// A request that fails unexpectedly (a bug, not bad input): the person sees the error page with a reference, and the
/// log under that reference says which exception and where it was thrown — its stack frames, down to the inner
/// exception — so the failure can be diagnosed after the fact; the exception's message, which may quote personal
/// data, is in no log line.
/// </summary>
public sealed class ServerErrorLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Marker = "Olufunke Bamidele";

    [Fact]
    public async Task UnexpectedFailure_ErrorPageWithReference_LogHasTypeAndFrames_NeverTheMessage()
    {
        using var web = new PalermoApplication(services: s => s.AddSingleton<IStartupFilter, FailingRoute>());
        var org = await web.CreateOrganisationAsync("Harbour Aid Centre");
        // Signed in, so the request passes the sign-in requirement and reaches the failing route.
        var client = await web.SignInAsync(await web.CreateUserAsync(Palermo.Accounts.Role.CaseWorker, org.Id));

        var response = await client.GetAsync("/test/fails", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var reference = System.Text.RegularExpressions.Regex.Match(body, "Reference: <code>([^<]+)</code>").Groups[1].Value;
        Assert.NotEmpty(reference);
        Assert.DoesNotContain(Marker, body, StringComparison.Ordinal);
        var line = Assert.Single(web.Logs.Lines, l => l.Contains($"on trace {reference}", StringComparison.Ordinal));
        Assert.Contains("Unhandled System.InvalidOperationException", line, StringComparison.Ordinal);
        Assert.Contains(nameof(FailingRoute.ParseAge), line, StringComparison.Ordinal);
        Assert.Contains("--- inner System.FormatException ---", line, StringComparison.Ordinal);
        Assert.Contains(nameof(FailingRoute.ReadDigits), line, StringComparison.Ordinal);
        Assert.DoesNotContain(web.Logs.Lines, l => l.Contains(Marker, StringComparison.Ordinal));
    }

    /// <summary>A route that fails as a bug would: an exception wrapping another, both with a name in the message.</summary>
    private sealed class FailingRoute : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // After the app's own pipeline, so its exception handler and error page are in front of it.
            app.Use((HttpContext ctx, RequestDelegate rest) => ctx.Request.Path == "/test/fails" ? Task.FromResult(ParseAge()) : rest(ctx));
        };

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static int ParseAge()
        {
            try
            {
                return ReadDigits();
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"Could not read the age of {Marker}", ex);
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static int ReadDigits() => throw new FormatException($"'{Marker}' is not a number");
    }
}
