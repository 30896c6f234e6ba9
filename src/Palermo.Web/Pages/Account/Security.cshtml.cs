using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Web.Accounts;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Account;

/// <summary>Changes to the second factor need the password again: a session left open must not be enough.</summary>
[Authorize]
public sealed class SecurityModel : PalermoPage
{
    // Resolved by the POST handlers only: displaying the page needs none of them, and building the Identity managers
    // and a DbContext for every display cost more than rendering it (docs/performance.md).
    private UserManager<PalermoUser> Users => HttpContext.RequestServices.GetRequiredService<UserManager<PalermoUser>>();
    private SignInManager<PalermoUser> SignInManager => HttpContext.RequestServices.GetRequiredService<SignInManager<PalermoUser>>();
    private PalermoDbContext Db => HttpContext.RequestServices.GetRequiredService<PalermoDbContext>();

    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? Confirm { get; set; }

    /// <summary>Both forms have a current-password field: its error is shown on the form that was sent.</summary>
    public bool ChangingPassword { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostEverywhereAsync()
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return RedirectToPage("/Account/SignIn");
        await Users.UpdateSecurityStampAsync(user);
        Db.Audit(AuditEvent.SignOutEverywhere, Actor, "User", user.Id);
        await Db.SaveChangesAsync();
        await SignInManager.SignOutAsync();
        return RedirectToPage("/Account/SignIn", new { notice = "signed-out" });
    }

    public async Task<IActionResult> OnPostReplaceAuthenticatorAsync()
    {
        var user = await ReauthenticateAsync();
        if (user is null) return Page();
        await Users.SetTwoFactorEnabledAsync(user, false);
        await Users.ResetAuthenticatorKeyAsync(user);
        Db.Audit(AuditEvent.MfaReset, Actor, "User", user.Id, "by the user");
        await Db.SaveChangesAsync();
        // The session loses its MFA standing and goes to enrolment with the new key.
        await SignInManager.SignInAsync(user, isPersistent: false);
        return RedirectToPage("/Account/Mfa");
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await ReauthenticateAsync();
        if (user is null) return Page();
        RecoveryCodes = (await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await SignInManager.RefreshSignInAsync(user);
        Db.Audit(AuditEvent.RecoveryCodesGenerated, Actor, "User", user.Id);
        await Db.SaveChangesAsync();
        Notice = "Your old recovery codes no longer work.";
        return Page();
    }

    /// <summary>
    /// A new password, with the current one. Every other session of the account ends (the security stamp changes); this
    /// one stays signed in, with its second factor.
    /// </summary>
    public async Task<IActionResult> OnPostChangePasswordAsync()
    {
        ChangingPassword = true;
        var user = await ReauthenticateAsync();
        if (user is null) return Page();
        if (!PasswordForm.Check(ModelState, NewPassword, Confirm, nameof(NewPassword))) return Page();
        if (NewPassword == Password)
        {
            ModelState.AddModelError(nameof(NewPassword), "The new password is the same as the current one.");
            return Page();
        }

        // The new password and its audit entry are saved together (the user store shares this request's context).
        await using var tx = await Db.Database.BeginTransactionAsync();
        var changed = await Users.ChangePasswordAsync(user, Password!, NewPassword!);
        if (!changed.Succeeded)
        {
            PasswordForm.AddErrors(ModelState, changed, nameof(NewPassword));
            return Page();
        }

        Db.Audit(AuditEvent.PasswordChanged, Actor, "User", user.Id);
        await Db.SaveChangesAsync();
        await tx.CommitAsync();
        await SignInManager.RefreshSignInAsync(user);
        // Redirected: a reload must not send the passwords again (and the browser must not keep them in the form).
        return SeeOther("Your password is changed. Every other device signed in to this account is signed out.");
    }

    private async Task<PalermoUser?> ReauthenticateAsync()
    {
        var user = await Users.GetUserAsync(User);
        if (user is null || string.IsNullOrEmpty(Password) || Password.Length > 1000 || !await Users.CheckPasswordAsync(user, Password))
        {
            if (user is not null) await Users.AccessFailedAsync(user);
            ModelState.AddModelError(nameof(Password), "The password is wrong.");
            return null;
        }

        return user;
    }
}
