namespace Palermo.Web.Infrastructure;

/// <summary>
/// Refuses a declared body over the limit before anything reads it (Kestrel also enforces the limit on streamed
/// bodies). The answer is a 413 problem, never a 500.
/// </summary>
public static class RequestSizeLimit
{
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>The case file upload: a 10 MB file plus room for the multipart envelope and the form's other fields.</summary>
    public const long MaxUploadBytes = Palermo.Cases.Htcds.HtcdsFile.MaxBytes + 64 * 1024;

    /// <summary>The only path allowed the larger limit; everything else keeps 1 MB.</summary>
    public static readonly PathString UploadPath = "/Cases/Transfer";

    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var limit = HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.Path.Equals(UploadPath, StringComparison.OrdinalIgnoreCase) ? MaxUploadBytes : MaxBodyBytes;
        if (ctx.Request.ContentLength > limit)
        {
            await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The request body is larger than {limit / 1024} KB.").ExecuteAsync(ctx);
            return;
        }

        // Kestrel's server-wide limit stays at 1 MB; raise it for this request only (a streamed body is then still capped).
        if (limit > MaxBodyBytes && ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        await next();
    });
}
