using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Palermo.Accounts;

namespace Palermo.Web.Accounts;

public static class PasswordForm
{
    /// <summary>Checks the fields a person can fix before the password validators run.</summary>
    /// <param name="field">The new password's field (the first-run and welcome pages call it "Password").</param>
    public static bool Check(ModelStateDictionary state, string? password, string? confirm, string field = "Password")
    {
        if (string.IsNullOrEmpty(password) || password.Length < IdentityDefaults.MinPasswordLength)
        {
            state.AddModelError(field, $"Use at least {IdentityDefaults.MinPasswordLength} characters.");
        }
        else if (password.Length > 1000)
        {
            state.AddModelError(field, "Use at most 1000 characters.");
        }
        else if (password != confirm)
        {
            state.AddModelError("Confirm", "The two passwords differ.");
        }

        return state.IsValid;
    }

    public static void AddErrors(ModelStateDictionary state, IdentityResult result, string passwordField = "Password")
    {
        foreach (var e in result.Errors)
        {
            var field = e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "Email" : passwordField;
            state.AddModelError(field, e.Description);
        }
    }
}
