using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(WebServices.SignInLimit)]
// The sign-in machinery (UserManager, SignInManager, the DbContext) is taken by the POST handler only: building it
// for every display of the form was a third of the page's CPU time (docs/performance.md).
public sealed class SignInModel : PalermoPage
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }

    /// <summary>
    /// Whether the notice reports what the user just did (set a password, signed out): it then takes the focus and
    /// starts the title (NoticeTagHelper). An ended session is not the user's doing; that notice is read in its place.
    /// </summary>
    public bool ByUser { get; private set; }

    private const string WrongMessage = "E-mail or password is wrong.";
    private static readonly string LockedMessage =
        $"Too many failed attempts. This account is locked for {IdentityDefaults.LockoutDuration.TotalMinutes:0} minutes.";

    public void OnGet(string? notice)
    {
        Notice = notice switch
        {
            "password-set" => "Your password is set. Sign in to continue.",
            "signed-out" => "You are signed out.",
            "expired" => "Your session ended. Sign in again.",
            _ => null,
        };
        ByUser = notice is "password-set" or "signed-out";
    }

    public async Task<IActionResult> OnPostAsync(
        [FromServices] SignInManager<PalermoUser> signIn, [FromServices] UserManager<PalermoUser> users, [FromServices] PalermoDbContext db,
        [FromServices] UnknownAccountSignIns unknown)
    {
        if (string.IsNullOrWhiteSpace(Email)) ModelState.AddModelError(nameof(Email), "Enter your e-mail address.");
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), "Enter your password.");
        if (!ModelState.IsValid || Email!.Length > PalermoUser.EmailMaxLength || Password!.Length > 1000)
        {
            if (ModelState.IsValid) ModelState.AddModelError("", WrongMessage);
            return Page();
        }

        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is null || !user.IsActive)
        {
            // Answered as a real account would be (locked after the same failures, after the same work), so the
            // answer does not tell whether the address is registered.
            var locked = await unknown.IsLockedOutAsync(db, Email) || await unknown.FailAsync(db, Email, Password);
            db.Audit(AuditEvent.SignInFailed, Actor, "User", user?.Id);
            await db.SaveChangesAsync();
            ModelState.AddModelError("", locked ? LockedMessage : WrongMessage);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        var actor = Actor with { UserId = user.Id, OrganisationId = user.OrganisationId };
        if (result.Succeeded || result.RequiresTwoFactor)
        {
            // A second factor still follows; the success of the password alone is recorded now.
            db.Audit(AuditEvent.SignInSucceeded, actor, "User", user.Id, result.RequiresTwoFactor ? "password; mfa pending" : "password; mfa enrolment required");
            await db.SaveChangesAsync();
            return result.RequiresTwoFactor ? RedirectToPage("/Account/SignInMfa") : RedirectToPage("/Account/Mfa");
        }

        db.Audit(result.IsLockedOut ? AuditEvent.LockedOut : AuditEvent.SignInFailed, actor, "User", user.Id);
        await db.SaveChangesAsync();
        ModelState.AddModelError("", result.IsLockedOut ? LockedMessage : WrongMessage);
        return Page();
    }
}
