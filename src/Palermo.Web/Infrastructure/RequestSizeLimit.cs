namespace Palermo.Web.Infrastructure;

/// <summary>
/// Refuses a declared body over the limit before anything reads it (Kestrel also enforces the limit on streamed
/// bodies). The answer is a 413 problem, never a 500.
/// </summary>
public static class RequestSizeLimit
{
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>The one larger body: the coordinator's clkhash upload (the file plus the form around it).</summary>
    public const long MaxLinkageUploadBytes = Palermo.CrossAgency.UploadExternalEncodings.MaxFileBytes + (64 * 1024);

    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var limit = LimitFor(ctx.Request);
        if (ctx.Request.ContentLength > limit)
        {
            await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The request body is larger than {limit / 1024} KB.").ExecuteAsync(ctx);
            return;
        }

        if (limit != MaxBodyBytes && ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        await next();
    });

    // Only a POST to the coordinator's project page; authorization still runs before anything reads the body.
    private static long LimitFor(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/Linkage/Project", StringComparison.OrdinalIgnoreCase)
            ? MaxLinkageUploadBytes
            : MaxBodyBytes;
}
