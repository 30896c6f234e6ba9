using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace Palermo.Accounts;

/// <summary>
/// Rejects passwords found in a list of 30,000 common passwords (from zxcvbn, MIT licence), also when only digits or
/// symbols were added at the end ("password2024!"). Length is the other rule; there are no composition rules (NIST SP 800-63B).
/// </summary>
public sealed class CommonPasswords : IPasswordValidator<PalermoUser>
{
    private static readonly Lazy<FrozenSet<string>> List = new(() =>
    {
        using var s = typeof(CommonPasswords).Assembly.GetManifestResourceStream("Palermo.common-passwords.txt")!;
        using var r = new StreamReader(s);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (r.ReadLine() is { } line)
        {
            if (line.Length > 0) set.Add(line);
        }

        return set.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    });

    public static bool IsCommon(string password, string? email = null)
    {
        var p = password.Trim();
        if (List.Value.Contains(p)) return true;
        var stem = p.TrimEnd("0123456789!@#$%^&*()_-+=.?".ToCharArray());
        if (stem.Length >= 4 && List.Value.Contains(stem)) return true;
        if (email is not null)
        {
            var local = email.Split('@')[0];
            if (local.Length >= 4 && p.Contains(local, StringComparison.OrdinalIgnoreCase)) return true;
        }

        // The same character repeated, or a keyboard run, padded to length.
        return p.Distinct().Count() <= 3;
    }

    public Task<IdentityResult> ValidateAsync(UserManager<PalermoUser> manager, PalermoUser user, string? password) =>
        Task.FromResult(password is not null && IsCommon(password, user.Email)
            ? IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = "This password is too common or too easy to guess. Choose a longer phrase of unrelated words." })
            : IdentityResult.Success);
}
