using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Palermo.Accounts;

namespace Palermo.Web.Accounts;

public static class PasswordForm
{
    /// <summary>Checks the fields a person can fix before the password validators run.</summary>
    public static bool Check(ModelStateDictionary state, string? password, string? confirm)
    {
        if (string.IsNullOrEmpty(password) || password.Length < IdentityDefaults.MinPasswordLength)
        {
            state.AddModelError("Password", $"Use at least {IdentityDefaults.MinPasswordLength} characters.");
        }
        else if (password.Length > 1000)
        {
            state.AddModelError("Password", "Use at most 1000 characters.");
        }
        else if (password != confirm)
        {
            state.AddModelError("Confirm", "The two passwords differ.");
        }

        return state.IsValid;
    }

    public static void AddErrors(ModelStateDictionary state, IdentityResult result)
    {
        foreach (var e in result.Errors)
        {
            var field = e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "Email" : "Password";
            state.AddModelError(field, e.Description);
        }
    }
}
