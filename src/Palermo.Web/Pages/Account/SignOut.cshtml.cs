using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Account;

[Authorize(Policy = Policies.SignedIn)]
public sealed class SignOutModel(SignInManager<PalermoUser> signIn, PalermoDbContext db) : PalermoPage
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // Recorded, so a copy of this session's cookie no longer works either (the check on every request refuses it).
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (Actor.UserId is { } userId && SessionCheck.SessionId(session.Properties) is { } sessionId)
        {
            await SignedOutSessions.RecordAsync(db, userId, sessionId, AbsoluteSessionLimit.Absolute);
        }

        db.Audit(AuditEvent.SignedOut, Actor, "User", Actor.UserId);
        await db.SaveChangesAsync();
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/SignIn", new { notice = "signed-out" });
    }
}
