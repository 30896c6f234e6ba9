using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Account;

/// <summary>The second step of sign-in. Anonymous by design: the half-signed-in state lives in a 5-minute cookie.</summary>
[AllowAnonymous]
[EnableRateLimiting(WebServices.SignInLimit)]
public sealed class SignInMfaModel(SignInManager<PalermoUser> signIn, PalermoDbContext db) : PalermoPage
{
    [BindProperty] public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Account/SignIn", new { notice = "expired" });
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (code.Length is 0 or > 20)
        {
            ModelState.AddModelError(nameof(Code), "Enter the code from your authenticator app.");
            return Page();
        }

        var usedRecovery = code.Length != 6;
        var result = usedRecovery
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(code)
            : await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        var actor = Actor with { UserId = user.Id, OrganisationId = user.OrganisationId };
        if (result.Succeeded)
        {
            db.Audit(usedRecovery ? AuditEvent.RecoveryCodeUsed : AuditEvent.SignInSucceeded, actor, "User", user.Id, "mfa");
            await db.SaveChangesAsync();
            return LocalRedirect("/");
        }

        db.Audit(result.IsLockedOut ? AuditEvent.LockedOut : AuditEvent.SignInFailed, actor, "User", user.Id, "mfa");
        await db.SaveChangesAsync();
        ModelState.AddModelError(nameof(Code), result.IsLockedOut
            ? $"Too many failed attempts. This account is locked for {IdentityDefaults.LockoutDuration.TotalMinutes:0} minutes."
            : "That code is not valid. Codes change every 30 seconds.");
        return Page();
    }
}
