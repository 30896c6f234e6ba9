using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Web.Accounts;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(WebServices.PublicFormLimit)]
public sealed class SetupModel(UserManager<PalermoUser> users, PalermoDbContext db) : PalermoPage
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    public bool LinkValid { get; private set; }

    public async Task OnGetAsync() => LinkValid = await db.FindUsableAsync(Token, OneTimeLinkPurpose.Setup) is not null && !await db.Users.AnyAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var link = await db.FindUsableAsync(Token, OneTimeLinkPurpose.Setup);
        LinkValid = link is not null && !await db.Users.AnyAsync();
        if (!LinkValid) return Page();
        string email;
        try
        {
            email = EmailAddress.Validate(Email);
        }
        catch (DomainException ex)
        {
            AddError(ex);
            return Page();
        }

        if (!PasswordForm.Check(ModelState, Password, Confirm)) return Page();
        await using var tx = await db.Database.BeginTransactionAsync();
        // Checked again inside the transaction: another setup link may have created the administrator meanwhile.
        if (!await db.ClaimAsync(link!) || await db.Users.AnyAsync())
        {
            LinkValid = false;
            return Page();
        }

        var user = new PalermoUser(email, null, db.UtcNow);
        var created = await users.CreateAsync(user, Password!);
        if (!created.Succeeded)
        {
            PasswordForm.AddErrors(ModelState, created);
            return Page();
        }

        await users.AddToRoleAsync(user, Role.SystemAdministrator.ToString());
        var actor = Actor with { UserId = user.Id };
        db.Audit(AuditEvent.SetupCompleted, actor, "User", user.Id);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return RedirectToPage("/Account/SignIn", new { notice = "password-set" });
    }
}
