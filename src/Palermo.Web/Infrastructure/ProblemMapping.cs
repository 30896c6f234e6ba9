using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// Maps domain outcomes to RFC 7807 problem details: a field error is a 400 naming the field, out-of-reach is 404,
/// a stale edit is 409. Anything else is a 500 that says nothing about the data involved.
/// </summary>
public sealed class ProblemMapping(ILogger<ProblemMapping> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
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
            _ => Unexpected(exception, http),
        };
        await result.ExecuteAsync(http);
        return true;
    }

    public static ValidationProblem FieldError(DomainException d) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [string.IsNullOrEmpty(d.Field) ? "request" : d.Field] = [d.Message] });

    private ProblemHttpResult Unexpected(Exception ex, HttpContext http)
    {
        // Type and trace id only: exception messages can carry values from the request.
        log.LogError("Unhandled {ExceptionType} on trace {TraceId}", ex.GetType().FullName, http.TraceIdentifier);
        return TypedResults.Problem(statusCode: 500, title: "Something went wrong. Nothing was saved.", extensions: new Dictionary<string, object?> { ["traceId"] = http.TraceIdentifier });
    }
}
