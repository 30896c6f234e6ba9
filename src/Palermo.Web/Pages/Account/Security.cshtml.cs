using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Account;

/// <summary>Changes to the second factor need the password again: a session left open must not be enough.</summary>
[Authorize]
public sealed class SecurityModel(UserManager<PalermoUser> users, SignInManager<PalermoUser> signIn, PalermoDbContext db) : PalermoPage
{
    [BindProperty] public string? Password { get; set; }
    public string? Notice { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostEverywhereAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return RedirectToPage("/Account/SignIn");
        await users.UpdateSecurityStampAsync(user);
        db.Audit(AuditEvent.SignOutEverywhere, Actor, "User", user.Id);
        await db.SaveChangesAsync();
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/SignIn", new { notice = "signed-out" });
    }

    public async Task<IActionResult> OnPostReplaceAuthenticatorAsync()
    {
        var user = await ReauthenticateAsync();
        if (user is null) return Page();
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        db.Audit(AuditEvent.MfaReset, Actor, "User", user.Id, "by the user");
        await db.SaveChangesAsync();
        // The session loses its MFA standing and goes to enrolment with the new key.
        await signIn.SignInAsync(user, isPersistent: false);
        return RedirectToPage("/Account/Mfa");
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await ReauthenticateAsync();
        if (user is null) return Page();
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await signIn.RefreshSignInAsync(user);
        db.Audit(AuditEvent.RecoveryCodesGenerated, Actor, "User", user.Id);
        await db.SaveChangesAsync();
        Notice = "Your old recovery codes no longer work.";
        return Page();
    }

    private async Task<PalermoUser?> ReauthenticateAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null || string.IsNullOrEmpty(Password) || Password.Length > 1000 || !await users.CheckPasswordAsync(user, Password))
        {
            if (user is not null) await users.AccessFailedAsync(user);
            ModelState.AddModelError(nameof(Password), "The password is wrong.");
            return null;
        }

        return user;
    }
}
