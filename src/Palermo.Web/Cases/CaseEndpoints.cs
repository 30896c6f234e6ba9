using Palermo.Accounts;
using Palermo.Assistance;
using Palermo.Cases;
using Palermo.Cases.Htcds;
using Palermo.Data;
using Palermo.Consent;
using Palermo.Referrals;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Cases;

/// <summary>A decision on a referral; <c>Version</c>, when given, is the referral's version it was made on (409 when stale).</summary>
public sealed record DecisionRequest(string? Decision, string? Reason, long? Version = null);

/// <summary>The named supervisor's answer to a consent override: approve, or refuse with a reason.</summary>
public sealed record OverrideApprovalInput(bool? Approve, string? Reason, long? Version = null);

/// <summary>
/// Another case supervisor to approve a consent override still awaiting approval; <c>Version</c>, when given, is the
/// referral's version the choice was made on (409 when stale).
/// </summary>
public sealed record OverrideApproverInput(Guid? ApprovedBySupervisorId, long? Version = null);

/// <summary>The export's format: htcds (CSV, the default) or json.</summary>
public sealed record ExportRequest(string? Format);

public sealed record CloseRequest(long? Version, string? CloseAs, string? Reason);

/// <summary>The case's facts as read, with the version they were read at.</summary>
public sealed record UpdateFactsRequest(long? Version, CaseInput Facts);

public static class CaseEndpoints
{
    public static void MapCaseEndpoints(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases").RequireAuthorization(Policies.For(Permission.ReadCases));
        // Search terms can be personal data: they travel in the body of a POST, never in the URL.
        cases.MapGet("/", async ([AsParameters] CaseFilter f, ListCases list, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(f.ToQuery(http.Request.Query), http.Actor(), ct)));
        cases.MapPost("/search", async (CaseQuery q, ListCases list, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(q, http.Actor(), ct)));
        cases.MapPost("/", async (CaseInput input, RegisterVictim register, HttpContext http, CancellationToken ct) =>
        {
            var r = await register.HandleAsync(input, http.Actor(), ct);
            return TypedResults.Created($"/api/v1/cases/{r.CaseId}", r);
        }).RequireAuthorization(Policies.For(Permission.EditCases));
        // HTCDS import and export, as on /Cases/Transfer. The import body is the CSV file itself (text/csv: no cross-site
        // form can send that type); the export is a POST with a JSON body for the same reason, so no link or prefetch
        // can start an audited bulk read of every person.
        // skipUnsupported is read as text so that a value like "maybe" is a field error naming it, not a bare 400.
        cases.MapPost("/import", async (HttpContext http, ImportHtcds import, string? skipUnsupported, CancellationToken ct) =>
        {
            var skip = CaseFilter.Flag(skipUnsupported, "skipUnsupported");
            if (http.Request.ContentType is not { } type || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
            {
                return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the CSV file itself with Content-Type text/csv.");
            }

            using var file = new MemoryStream();
            await http.Request.Body.CopyToAsync(file, ct);
            file.Position = 0;
            if (file.Length == 0) throw new DomainException("file", "The file is empty.");
            if (await Palermo.Web.Pages.Cases.TransferModel.SniffAsync(file, ct) is { } notCsv) throw new DomainException("file", notCsv);
            file.Position = 0;
            var result = await import.HandleAsync(file, http.Actor(), skip, ct);
            // Every problem of the file at once, each keyed by where it is ("row 3, prs_Birthdate"), never by a value.
            return result.Succeeded ? Results.Ok(result) : TypedResults.ValidationProblem(result.Errors
                .GroupBy(e => e.Row is { } r ? (e.Column is { } c ? $"row {r}, {c}" : $"row {r}") : e.Column ?? "file")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), title: "Nothing was imported: the file has errors.");
        }).RequireAuthorization(Policies.For(Permission.ImportExportCases))
            .Accepts<string>("text/csv").Produces<ImportHtcdsResult>().ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        cases.MapPost("/export", async (ExportRequest body, ExportHtcds export, PalermoSettings settings, TimeProvider time, HttpContext http, CancellationToken ct) =>
        {
            var format = body.Format?.Trim().ToLowerInvariant() switch
            {
                null or "" or "htcds" => ExportFormat.Htcds,
                "json" => ExportFormat.Json,
                _ => throw new DomainException("format", "Use htcds or json."),
            };
            var (file, contentType, name) = await Palermo.Web.Pages.Cases.TransferModel.ExportToFileAsync(export, settings, time, format, http.Actor(), ct);
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(file, contentType, name);
        }).RequireAuthorization(Policies.For(Permission.ImportExportCases))
            .Produces(StatusCodes.Status200OK, typeof(byte[]), "text/csv", "application/json");
        cases.MapGet("/{id:guid}", async (Guid id, GetCase get, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await get.HandleAsync(id, http.Actor(), null, ct)));
        cases.MapPost("/{id:guid}/close", async (Guid id, CloseRequest body, CloseCase close, HttpContext http, CancellationToken ct) =>
        {
            await close.HandleAsync(id, Versions.Require(body.Version), body.CloseAs, body.Reason, http.Actor(), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.For(Permission.EditCases))
            .ProducesProblem(StatusCodes.Status409Conflict);
        cases.MapPut("/{id:guid}/facts", async (Guid id, UpdateFactsRequest body, UpdateCaseFacts update, HttpContext http, CancellationToken ct) =>
        {
            await update.HandleAsync(id, Versions.Require(body.Version), body.Facts, http.Actor(), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.For(Permission.EditCases))
            .ProducesProblem(StatusCodes.Status409Conflict);
        cases.MapPost("/{id:guid}/decisions", async (Guid id, GroundsDecisionInput body, RecordGroundsDecision record, HttpContext http, CancellationToken ct) =>
        {
            await record.HandleAsync(id, body, http.Actor(), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.For(Permission.EditCases))
            .ProducesProblem(StatusCodes.Status409Conflict);
        // The identity has its own version (the person's), so a correction never collides with an edit of the facts.
        cases.MapGet("/{id:guid}/person", async (Guid id, GetPersonForEdit get, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await get.HandleAsync(id, http.Actor(), ct))).RequireAuthorization(Policies.For(Permission.EditCases));
        cases.MapPut("/{id:guid}/person", async (Guid id, UpdatePersonRequest body, UpdatePerson update, HttpContext http, CancellationToken ct) =>
        {
            await update.HandleAsync(id, Versions.Require(body.Version), body.Person, http.Actor(), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.For(Permission.EditCases))
            .ProducesProblem(StatusCodes.Status409Conflict);
        // Who works on the case: what "assigned to me" in the list reads. The case's own organisation only.
        cases.MapGet("/{id:guid}/assignments", async (Guid id, ListCaseAssignments list, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(id, http.Actor(), ct)));
        cases.MapPut("/{id:guid}/assignments/{userId:guid}", async (Guid id, Guid userId, AssignCase assign, HttpContext http, CancellationToken ct) =>
        {
            await assign.HandleAsync(id, userId, true, http.Actor(), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.For(Permission.EditCases));
        cases.MapDelete("/{id:guid}/assignments/{userId:guid}", async (Guid id, Guid userId, AssignCase assign, HttpContext http, CancellationToken ct) =>
        {
            await assign.HandleAsync(id, userId, false, http.Actor(), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.For(Permission.EditCases));
        cases.MapPost("/{id:guid}/consents", async (Guid id, ConsentInput body, RecordConsent record, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await record.HandleAsync(id, body, http.Actor(), ct))).RequireAuthorization(Policies.For(Permission.EditCases));
        cases.MapPost("/{id:guid}/services", async (Guid id, ServiceInput body, RecordService record, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await record.HandleAsync(id, body, http.Actor(), ct))).RequireAuthorization(Policies.For(Permission.EditCases));
        cases.MapPut("/{id:guid}/services/{serviceId:guid}", async (Guid id, Guid serviceId, ServiceUpdate body, UpdateService update, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await update.HandleAsync(id, serviceId, body, http.Actor(), ct))).RequireAuthorization(Policies.For(Permission.EditCases))
            .ProducesProblem(StatusCodes.Status409Conflict);
        cases.MapGet("/{id:guid}/notes", async (Guid id, ListCaseNotes list, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(id, http.Actor(), ct)));
        cases.MapPost("/{id:guid}/notes", async (Guid id, NoteInput body, AddCaseNote add, HttpContext http, CancellationToken ct) =>
        {
            var noteId = await add.HandleAsync(id, body, http.Actor(), ct);
            return TypedResults.Created($"/api/v1/cases/{id}/notes", new Created(noteId));
        }).RequireAuthorization(Policies.For(Permission.EditCases));
        // JSON with base64 content rather than multipart: no cross-site form can post it, and one body shape for the API.
        cases.MapPost("/{id:guid}/attachments", async (Guid id, AttachmentInput body, AttachToCase attach, HttpContext http, CancellationToken ct) =>
        {
            var a = await attach.HandleAsync(id, body, http.Actor(), ct);
            return TypedResults.Created($"/api/v1/cases/{id}/attachments/{a.Id}", a);
        }).RequireAuthorization(Policies.For(Permission.EditCases));
        cases.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, DownloadAttachment download, HttpContext http, CancellationToken ct) =>
        {
            var file = await download.HandleAsync(id, attachmentId, http.Actor(), ct);
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(file.Content, file.MediaType, file.FileName);
        }).Produces(StatusCodes.Status200OK, typeof(byte[]), "application/pdf", "image/jpeg", "image/png", "text/plain");
        cases.MapDelete("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, DeleteAttachment delete, HttpContext http, CancellationToken ct) =>
        {
            await delete.HandleAsync(id, attachmentId, http.Actor(), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.For(Permission.EditCases));
        cases.MapPut("/{id:guid}/support-plan", async (Guid id, SupportPlanInput body, SaveSupportPlan save, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await save.HandleAsync(id, body, http.Actor(), ct))).RequireAuthorization(Policies.For(Permission.EditCases))
            .ProducesProblem(StatusCodes.Status409Conflict);
        cases.MapPost("/{id:guid}/referrals", async (Guid id, ReferralInput body, CreateReferral create, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await create.HandleAsync(id, body, http.Actor(), ct))).RequireAuthorization(Policies.For(Permission.ManageReferrals));

        api.MapPost("/consents/{id:guid}/withdraw", async (Guid id, WithdrawConsent withdraw, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await withdraw.HandleAsync(id, http.Actor(), ct)))
            .WithTags("Cases").RequireAuthorization(Policies.For(Permission.EditCases));
        var referrals = api.MapGroup("/referrals").WithTags("Referrals").RequireAuthorization(Policies.For(Permission.ManageReferrals));
        // Still a bare array, as before it had pages (clients read it as one): page 1 of 500 by default, the most a page
        // holds; X-Total-Count says how many there are, and a Link header (rel="next") where the next page is.
        referrals.MapGet("/", async (string? page, string? pageSize, ListReferrals list, HttpContext http, CancellationToken ct) =>
        {
            var result = await list.HandleAsync(http.Actor(), CaseFilter.Number(page, "page", 1), CaseFilter.Number(pageSize, "pageSize", ListReferrals.MaxPageSize), ct);
            http.Response.Headers["X-Total-Count"] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (result.Page < result.LastPage)
            {
                http.Response.Headers.Link = $"</api/v1/referrals?page={result.Page + 1}&pageSize={result.PageSize}>; rel=\"next\"";
            }

            return TypedResults.Ok(result.Items);
        });
        referrals.MapPost("/{id:guid}/decision", async (Guid id, DecisionRequest body, DecideReferral decide, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await decide.HandleAsync(id, body.Decision, body.Reason, http.Actor(), body.Version, ct)))
            .ProducesProblem(StatusCodes.Status409Conflict);
        // The two-person rule for consent overrides: only the supervisor named in the request answers it.
        referrals.MapGet("/override-approvals", async (ListOverrideApprovals list, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.Actor(), ct))).RequireAuthorization(Policies.For(Permission.OverrideConsent));
        referrals.MapPost("/{id:guid}/override-approval", async (Guid id, OverrideApprovalInput body, ApproveConsentOverride approve, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await approve.HandleAsync(id, body.Approve, body.Reason, http.Actor(), body.Version, ct)))
            .RequireAuthorization(Policies.For(Permission.OverrideConsent))
            .ProducesProblem(StatusCodes.Status409Conflict);
        // Whom a supervisor may name to approve: an approver id missing from this list can no longer approve.
        referrals.MapGet("/override-approvers", async (ListOverrideApprovers list, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.Actor(), ct))).RequireAuthorization(Policies.For(Permission.OverrideConsent));
        // A request whose approver can no longer act (deactivated, no longer a case supervisor) is re-addressed, not stuck.
        referrals.MapPut("/{id:guid}/override-approver", async (Guid id, OverrideApproverInput body, ChangeOverrideApprover change, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await change.HandleAsync(id, body.ApprovedBySupervisorId, http.Actor(), body.Version, ct)))
            .RequireAuthorization(Policies.For(Permission.OverrideConsent))
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

/// <summary>The non-identifying filters allowed in a URL.</summary>
// A class with settable properties, not a positional record: the request delegate generator emits
// typeof(string?) for a record's constructor parameters, which does not compile. Page, page size and the flag are
// read as text and parsed here, so a value that is not a number names its field like every other filter error
// (bound as numbers, the framework answered a bare 400).
public sealed class CaseFilter
{
    private static readonly string[] Known = ["status", "exploitation", "country", "assignedToMe", "from", "to", "sort", "page", "pageSize"];

    public string? Status { get; init; }
    public string? Exploitation { get; init; }
    public string? Country { get; init; }
    /// <summary>true or false.</summary>
    public string? AssignedToMe { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Sort { get; init; }
    /// <summary>A whole number from 1.</summary>
    public string? Page { get; init; }
    /// <summary>A whole number from 1 to 100.</summary>
    public string? PageSize { get; init; }

    /// <summary>
    /// The query; a parameter the list does not know is refused rather than ignored (a mistyped filter would otherwise
    /// list every case as if it had matched), and a lookup or name is refused with where it belongs: search terms are
    /// personal data and never travel in a URL.
    /// </summary>
    public CaseQuery ToQuery(IQueryCollection query)
    {
        foreach (var key in query.Keys)
        {
            if (key.Equals("lookup", StringComparison.OrdinalIgnoreCase) || key.Equals("name", StringComparison.OrdinalIgnoreCase))
            {
                throw new DomainException(key.ToLowerInvariant(), "Search terms are personal data: send them in the body of POST /api/v1/cases/search, never in a URL.");
            }

            if (!Known.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new DomainException("query", $"Unknown parameter. The list takes {string.Join(", ", Known)}.");
            }
        }

        return new()
        {
            Status = Status, Exploitation = Exploitation, Country = Country, AssignedToMe = Flag(AssignedToMe, "assignedToMe"), From = From, To = To, Sort = Sort,
            Page = Number(Page, "page", 1), PageSize = Number(PageSize, "pageSize", 25),
        };
    }

    /// <summary>A true/false query parameter read as text: absent is false, anything else a field error naming it.</summary>
    internal static bool Flag(string? value, string field) => string.IsNullOrWhiteSpace(value) ? false
        : bool.TryParse(value.Trim(), out var flag) ? flag : throw new DomainException(field, "Use true or false.");

    // Out-of-range numbers that parse are left to ListCases, which names the allowed range.
    internal static int Number(string? value, string field, int absent) => string.IsNullOrWhiteSpace(value) ? absent
        : int.TryParse(value.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
        : throw new DomainException(field, "Use a whole number.");
}

/// <summary>The id of a record the API created.</summary>
public sealed record Created(Guid Id);
