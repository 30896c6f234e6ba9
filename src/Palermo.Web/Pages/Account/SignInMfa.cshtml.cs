using Microsoft.AspNetCore.Authentication;
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

    /// <summary>Shows the field for a recovery code (letters and digits) instead of the authenticator's six digits.</summary>
    [BindProperty(SupportsGet = true)] public bool Recovery { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        // Deactivated between the password and the code: the half-signed-in state (a cookie of its own, which the
        // security stamp does not cover) ends here, as every session of the account did.
        if (user is null || !user.IsActive)
        {
            await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            return RedirectToPage("/Account/SignIn", new { notice = "expired" });
        }

        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (code.Length is 0 or > 20)
        {
            ModelState.AddModelError(nameof(Code), Recovery ? "Enter one of your recovery codes." : "Enter the code from your authenticator app.");
            return Page();
        }

        // Six characters are the authenticator's code; anything else is tried as a recovery code, whichever field showed.
        var usedRecovery = code.Length != 6;
        Recovery = usedRecovery;
        Microsoft.AspNetCore.Identity.SignInResult result;
        try
        {
            result = usedRecovery
                ? await signIn.TwoFactorRecoveryCodeSignInAsync(RecoveryCode(code))
                : await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        }
        catch (ConflictException)
        {
            // Another sign-in changed this account at the same moment — the same code or recovery code sent twice at
            // once, and the other request used it: this one is refused. Its unsaved changes are dropped before the audit.
            db.ChangeTracker.Clear();
            result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }

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
            : usedRecovery
                ? "That recovery code is not valid, or it has been used already. Each recovery code works once."
                : "That code is not valid, or it has been used already. Codes change every 30 seconds, and each works once.");
        return Page();
    }

    /// <summary>
    /// Identity stores recovery codes as it printed them (ten letters and digits, a dash after the fifth) and compares
    /// them exactly, so the code is put back in that form: typed in lower case, without the dash or with spaces, it is
    /// still the same code.
    /// </summary>
    private static string RecoveryCode(string compact)
    {
        var upper = compact.ToUpperInvariant();
        return upper.Length == 10 ? $"{upper[..5]}-{upper[5..]}" : upper;
    }
}
