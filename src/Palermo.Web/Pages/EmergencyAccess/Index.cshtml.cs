using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.EmergencyAccess;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.EmergencyAccess;

/// <summary>
/// Break-glass: open another organisation's case by its exact reference with a reason, and "My emergency accesses"
/// with the time left and "End now". A refused attempt shows the form again with the error at its field.
/// </summary>
[Authorize(Policy = "perm:" + nameof(Permission.BreakGlass))]
public sealed class EmergencyAccessIndexModel(OpenEmergencyAccess open, ListMyEmergencyAccess mine, EndEmergencyAccess end, Palermo.Data.PalermoDbContext db, Palermo.Data.PalermoSettings settings, TimeProvider time) : PalermoPage
{
    public IReadOnlyList<MyEmergencyAccess> Mine { get; private set; } = [];
    /// <summary>What was typed, shown again after a refusal; null on a fresh form (the default parts are ticked then).</summary>
    public EmergencyAccessInput? Posted { get; private set; }

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    public int Hours => settings.EmergencyAccessHours;

    public static readonly (string Value, string Words)[] PartChoices =
    [
        ("Identity", "Identity: name, birth date, documents, guardian"),
        ("CaseDetails", "Case details: risk, child or adult, exploitation, status"),
        ("Services", "Services in place"),
        ("Contacts", "Contacts and mailing address — reveals where the person lives or stays: tick only if you must reach them"),
    ];

    public bool Ticked(string part) => Posted is null
        ? EmergencyGrant.DefaultParts.HasFlag(Enum.Parse<Palermo.Referrals.SharedParts>(part))
        : Posted.Parts?.Contains(part) == true;

    public async Task OnGetAsync(CancellationToken ct) => Mine = await mine.HandleAsync(Actor, ct);

    public async Task<IActionResult> OnPostAsync(string? reference, string? reason, List<string> parts, CancellationToken ct)
    {
        Posted = new EmergencyAccessInput(reference, reason, parts);
        try
        {
            var opened = await open.HandleAsync(Posted, Actor, ct);
            return Redirect($"/Cases/View/{opened.CaseId}");
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }

        Mine = await mine.HandleAsync(Actor, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id, long? version, CancellationToken ct)
    {
        try
        {
            // The form always carries the version; one without it is broken or forged, refused like a stale one.
            if (!PostedVersionIsReadable()) throw new ConflictException(UnreadableVersion);
            await end.HandleAsync(id, Actor, version, ct);
            return SeeOther("Emergency access ended: the case is closed to you again.");
        }
        catch (DomainException ex)
        {
            AddError(ex);
            db.DiscardPendingAudit();
        }
        catch (ConflictException ex)
        {
            ModelState.AddModelError("", ex.Message);
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        catch (NotFoundException)
        {
            ModelState.AddModelError("", "This emergency access is not in your list. Nothing was changed.");
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        db.ChangeTracker.Clear();
        Mine = await mine.HandleAsync(Actor, ct);
        return Page();
    }
}
