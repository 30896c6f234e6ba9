using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.EmergencyAccess;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.EmergencyAccess;

/// <summary>
/// The data protection officer's alert and review list: every emergency access involving the organisation, as owner
/// of the case or as the accessor's employer, unreviewed first. The reasons are opened here (each opening audited).
/// </summary>
[Authorize(Policy = "perm:" + nameof(Permission.ViewAuditLog))]
public sealed class ReviewModel(ListEmergencyAccessForReview list, ReviewEmergencyAccess review, RevokeEmergencyAccess revoke, Palermo.Data.PalermoDbContext db) : PalermoPage
{
    public IReadOnlyList<EmergencyAccessReviewLine> Lines { get; private set; } = [];
    /// <summary>The grant whose review form was refused, and what was typed into it.</summary>
    public Guid? EditedId { get; private set; }
    public EmergencyReviewInput? Edited { get; private set; }

    /// <summary>The field key of one grant's review form: its errors show on that row only.</summary>
    public static string Field(Guid id, string field) => $"g{id:N}-{field}";

    public async Task OnGetAsync(CancellationToken ct) => Lines = await list.HandleAsync(Actor, ct);

    public Task<IActionResult> OnPostAsync(Guid id, List<string> verdict, string? note, long? version, CancellationToken ct)
    {
        EditedId = id;
        // One radio button: two values for it are a forged post, not a choice (binding would silently take the first).
        Edited = new EmergencyReviewInput(verdict.Count == 1 ? verdict[0] : null, note, version);
        return ActAsync(id, "Review recorded.", () => verdict.Count > 1 ? throw new DomainException("verdict", "Choose one verdict.") : review.HandleAsync(id, Edited, Actor, ct), ct);
    }

    public Task<IActionResult> OnPostRevokeAsync(Guid id, long? version, CancellationToken ct) =>
        ActAsync(id, "Emergency access revoked: it ended at once.", () => revoke.HandleAsync(id, Actor, version, ct), ct);

    private async Task<IActionResult> ActAsync(Guid id, string notice, Func<Task> action, CancellationToken ct)
    {
        try
        {
            // The forms always carry the version; one without it is broken or forged, refused like a stale one.
            if (!PostedVersionIsReadable()) throw new ConflictException(UnreadableVersion);
            await action();
            return SeeOther(notice);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError(string.IsNullOrEmpty(ex.Field) ? "" : Field(id, ex.Field), ex.Message);
            db.DiscardPendingAudit();
        }
        catch (ConflictException ex)
        {
            ModelState.AddModelError("", ex.Message);
            Response.StatusCode = StatusCodes.Status409Conflict;
            db.DiscardPendingAudit();
        }
        catch (NotFoundException)
        {
            ModelState.AddModelError("", "This emergency access is not in your list. Nothing was changed.");
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        db.ChangeTracker.Clear();
        Lines = await list.HandleAsync(Actor, ct);
        return Page();
    }
}
