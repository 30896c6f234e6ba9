using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Palermo.Data;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// Maps domain outcomes to RFC 7807 problem details: a field error is a 400 naming the field, out-of-reach is 404,
/// a stale edit is 409, a save that gave up waiting for another write (<see cref="StoreBusy"/>) is 503 with
/// Retry-After. Anything else is a 500 that says nothing about the data involved. A page request (anything outside
/// <c>/api/</c>) is left to the error page (<see cref="Pages.ErrorModel"/>), which says the same in the site's layout
/// with the status from <see cref="StatusCode"/>: a person in a browser gets a page, not JSON.
/// </summary>
public sealed class ProblemMapping(ILogger<ProblemMapping> log) : IExceptionHandler
{
    public static int StatusCode(Exception exception) => exception switch
    {
        DomainException => 400,
        NotFoundException => 404,
        ConflictException => 409,
        BadHttpRequestException b => b.StatusCode,
        _ when StoreBusy.Is(exception) => 503,
        _ => 500,
    };

    /// <summary>Whether the failed request was an API call (the middleware has already set the path to the error page's).</summary>
    public static bool IsApi(HttpContext http) =>
        new PathString(http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path.Value).StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var status = StatusCode(exception);
        if (status == 503)
        {
            // Type and trace id only, as below; a warning, not an error: the client is told to try again.
            log.LogWarning("Database busy: {ExceptionType} on trace {TraceId}; answered 503", StoreBusy.Cause(exception)!.GetType().FullName, http.TraceIdentifier);
            http.Response.Headers.RetryAfter = StoreBusy.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (status == 500)
        {
            log.LogError("Unhandled {ExceptionType} on trace {TraceId}\n{Frames}", exception.GetType().FullName, http.TraceIdentifier, ExceptionFrames.Of(exception));
        }

        if (!IsApi(http)) return false;
        IResult result = exception switch
        {
            DomainException d => FieldError(d),
            NotFoundException => TypedResults.Problem(statusCode: 404, title: "Not found."),
            ConflictException c => TypedResults.Problem(statusCode: 409, title: "Conflict", detail: c.Message),
            // A JSON value of the wrong type or form names its place in the body ("page", "facts.events[0].date"), like a
            // field error; the value itself is never echoed.
            BadHttpRequestException { StatusCode: 400, InnerException: System.Text.Json.JsonException { Path: ['$', '.', _, ..] path } } =>
                TypedResults.ValidationProblem(new Dictionary<string, string[]> { [path[2..]] = ["This value could not be read: check its type and form."] },
                    title: "The request could not be read."),
            BadHttpRequestException b => TypedResults.Problem(statusCode: b.StatusCode, title: "The request could not be read."),
            _ when status == 503 => TypedResults.Problem(statusCode: 503, title: Busy, extensions: TraceOf(http)),
            _ => TypedResults.Problem(statusCode: 500, title: "Something went wrong. Nothing was saved.", extensions: TraceOf(http)),
        };
        await result.ExecuteAsync(http);
        return true;
    }

    public static ValidationProblem FieldError(DomainException d) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [string.IsNullOrEmpty(d.Field) ? "request" : d.Field] = [d.Message] });

    public const string Busy = "Palermo is busy saving a large change (such as an import) and this request could not wait for it. Nothing was saved; try again in a minute.";

    // Type and trace id only (logged above): exception messages can carry values from the request.
    private static Dictionary<string, object?> TraceOf(HttpContext http) => new() { ["traceId"] = http.TraceIdentifier };
}
