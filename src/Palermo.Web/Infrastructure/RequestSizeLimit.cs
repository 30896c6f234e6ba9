namespace Palermo.Web.Infrastructure;

/// <summary>
/// Refuses a declared body over the limit before anything reads it (Kestrel also enforces the limit on streamed
/// bodies). The answer is a 413 problem, never a 500. The upload pages (and the case import and attachment API paths)
/// get a larger limit; everything else 1 MB.
/// </summary>
public static class RequestSizeLimit
{
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>The coordinator's clkhash upload (the file plus the form around it).</summary>
    public const long MaxLinkageUploadBytes = Palermo.CrossAgency.UploadExternalEncodings.MaxFileBytes + (64 * 1024);

    /// <summary>The case file upload: a 10 MB file plus room for the multipart envelope and the form's other fields.</summary>
    public const long MaxUploadBytes = Palermo.Cases.Htcds.HtcdsFile.MaxBytes + (64 * 1024);

    public static readonly PathString UploadPath = "/Cases/Transfer";

    /// <summary>The same import through the API: the CSV file is the body.</summary>
    public static readonly PathString ApiUploadPath = "/api/v1/cases/import";

    /// <summary>A case attachment: the file plus the multipart envelope, or its base64 form in the API's JSON.</summary>
    public const long MaxAttachmentBytes = (Palermo.Cases.AttachmentContent.MaxBytes / 3 * 4) + (64 * 1024);

    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var limit = LimitFor(ctx.Request);
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

    // Only POSTs to the upload pages; authorization still runs before anything reads the body.
    private static long LimitFor(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method)) return MaxBodyBytes;
        if (request.Path.StartsWithSegments("/Linkage/Project", StringComparison.OrdinalIgnoreCase)) return MaxLinkageUploadBytes;
        if (IsAttachmentUpload(request.Path)) return MaxAttachmentBytes;
        return request.Path.Equals(UploadPath, StringComparison.OrdinalIgnoreCase) || request.Path.Equals(ApiUploadPath, StringComparison.OrdinalIgnoreCase)
            ? MaxUploadBytes : MaxBodyBytes;
    }

    // /Cases/Attachments/{id} (the page) and /api/v1/cases/{id}/attachments (the API).
    private static bool IsAttachmentUpload(PathString path) =>
        path.StartsWithSegments("/Cases/Attachments", StringComparison.OrdinalIgnoreCase)
        || (path.StartsWithSegments("/api/v1/cases", StringComparison.OrdinalIgnoreCase)
            && path.Value!.EndsWith("/attachments", StringComparison.OrdinalIgnoreCase));
}
