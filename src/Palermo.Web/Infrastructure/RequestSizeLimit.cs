namespace Palermo.Web.Infrastructure;

/// <summary>
/// Refuses a declared body over the limit before anything reads it (Kestrel also enforces the limit on streamed
/// bodies). The answer is a 413 problem, never a 500.
/// </summary>
public static class RequestSizeLimit
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (ctx.Request.ContentLength > MaxBodyBytes)
        {
            await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The request body is larger than {MaxBodyBytes / 1024} KB.").ExecuteAsync(ctx);
            return;
        }

        await next();
    });
}
