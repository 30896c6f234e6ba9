using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Privacy;

/// <summary>
/// The organisation's retention schedule for its administrator and data protection officer (the permission the
/// API's <c>PUT /api/v1/retention</c> needs): see it, set, change or remove it, preview what a run would erase now,
/// and see what the last run did — counts only, never who.
/// </summary>
[Authorize(Policy = "perm:" + nameof(Permission.ManageRetention))]
public sealed class RetentionModel(GetRetentionStatus status, SetRetentionPolicy set, PalermoDbContext db) : PalermoPage
{
    public const string Field = "closedCaseYears";

    /// <summary>As typed, so a bad value is shown back with its error.</summary>
    [BindProperty] public string? ClosedCaseYears { get; set; }

    public RetentionStatus? Status { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(null, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Parse() is not { } years) return await LoadAsync(null, ct);
        if (!await TryAsync(() => set.HandleAsync(years, Actor, ct))) return await LoadAsync(null, ct);
        return SeeOther($"Saved: persons whose cases have all been closed for {years} years are erased by the daily retention run.");
    }

    public async Task<IActionResult> OnPostClearAsync(CancellationToken ct)
    {
        if (!await TryAsync(() => set.HandleAsync(null, Actor, ct))) return await LoadAsync(null, ct);
        return SeeOther("Removed: retention no longer erases anyone of this organisation. Erasure on request is unchanged.");
    }

    /// <summary>Counts what a run would do under the typed number of years, without saving it.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct) => await LoadAsync(Parse(), ct);

    /// <summary>A whole number of years in range, or null with a field error.</summary>
    private int? Parse()
    {
        var text = ClosedCaseYears?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            ModelState.AddModelError(Field, $"Enter a number of years between {SetRetentionPolicy.MinYears} and {SetRetentionPolicy.MaxYears}, or remove the schedule.");
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var years) || years is < SetRetentionPolicy.MinYears or > SetRetentionPolicy.MaxYears)
        {
            ModelState.AddModelError(Field, $"Enter a whole number of years between {SetRetentionPolicy.MinYears} and {SetRetentionPolicy.MaxYears}.");
            return null;
        }

        return years;
    }

    private async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (DomainException ex)
        {
            AddError(ex);
            db.DiscardPendingAudit();
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private async Task<IActionResult> LoadAsync(int? previewYears, CancellationToken ct)
    {
        try
        {
            Status = await status.HandleAsync(Actor, previewYears, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Page();
    }
}
