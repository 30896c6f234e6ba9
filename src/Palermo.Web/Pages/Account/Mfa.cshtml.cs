using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Web.Infrastructure;
using QRCoder;

namespace Palermo.Web.Pages.Account;

/// <summary>
/// MFA enrolment. Reachable with a password-only session, because until it is done the user can do nothing else.
/// Changing an existing authenticator goes through the Security page, which asks for the password again.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class MfaModel(UserManager<PalermoUser> users, SignInManager<PalermoUser> signIn, PalermoDbContext db) : PalermoPage
{
    [BindProperty] public string? Code { get; set; }
    public string SharedKey { get; private set; } = "";
    public string QrSvg { get; private set; } = "";
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return RedirectToPage("/Account/SignIn");
        if (user.TwoFactorEnabled) return RedirectToPage("/Account/Security");
        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return RedirectToPage("/Account/SignIn");
        if (user.TwoFactorEnabled) return RedirectToPage("/Account/Security");
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (code.Length != 6 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "That code is not valid. Check the time on your phone and enter the current code (each code works once).");
            await LoadKeyAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        db.Audit(AuditEvent.MfaEnrolled, Actor, "User", user.Id);
        db.Audit(AuditEvent.RecoveryCodesGenerated, Actor, "User", user.Id);
        await db.SaveChangesAsync();
        // The person just proved the second factor: the session now counts as MFA.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new System.Security.Claims.Claim(MfaRequirement.ClaimType, MfaRequirement.ClaimValue)]);
        return Page();
    }

    private async Task LoadKeyAsync(PalermoUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            // A new key changes the security stamp; renew this session's cookie so it stays valid.
            await signIn.RefreshSignInAsync(user);
        }

        SharedKey = key!;
        var uri = Totp.OtpAuthUri("Palermo", user.Email ?? "account", SharedKey);
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrSvg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true);
    }
}
