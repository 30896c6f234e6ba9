using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Web.Accounts;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Account;

/// <summary>Where a one-time link (new account or administrator reset) leads: choose a password, then sign in.</summary>
[AllowAnonymous]
[EnableRateLimiting(WebServices.PublicFormLimit)]
public sealed class WelcomeModel(UserManager<PalermoUser> users, PalermoDbContext db) : PalermoPage
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    public bool LinkValid { get; private set; }

    public async Task OnGetAsync() => LinkValid = await db.FindUsableAsync(Token, OneTimeLinkPurpose.SetPassword) is not null;

    public async Task<IActionResult> OnPostAsync()
    {
        var link = await db.FindUsableAsync(Token, OneTimeLinkPurpose.SetPassword);
        var user = link?.UserId is { } id ? await users.FindByIdAsync(id.ToString()) : null;
        LinkValid = user is { IsActive: true };
        if (!LinkValid) return Page();
        if (!PasswordForm.Check(ModelState, Password, Confirm)) return Page();
        foreach (var v in users.PasswordValidators)
        {
            var check = await v.ValidateAsync(users, user!, Password);
            if (!check.Succeeded)
            {
                PasswordForm.AddErrors(ModelState, check);
                return Page();
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync();
        if (!await db.ClaimAsync(link!))
        {
            LinkValid = false;
            return Page();
        }

        user!.PasswordHash = users.PasswordHasher.HashPassword(user, Password!);
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        await users.UpdateSecurityStampAsync(user);
        db.Audit(AuditEvent.PasswordSet, Actor with { UserId = user.Id, OrganisationId = user.OrganisationId }, "User", user.Id);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return RedirectToPage("/Account/SignIn", new { notice = "password-set" });
    }
}
