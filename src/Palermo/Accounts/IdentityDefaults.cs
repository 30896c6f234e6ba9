using Microsoft.AspNetCore.Identity;

namespace Palermo.Accounts;

public static class IdentityDefaults
{
    public const int MinPasswordLength = 12;
    public const int MaxFailedSignIns = 5;

    /// <summary>Where ASP.NET Core Identity's user store keeps the authenticator key and the recovery codes (as tokens).</summary>
    public const string StoreTokens = "[AspNetUserStore]";

    /// <summary>Where Palermo keeps its own per-account tokens in Identity's token table (last code step, signed-out sessions).</summary>
    public const string PalermoTokens = "[Palermo]";
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan SetupLinkLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan SignInLinkLifetime = TimeSpan.FromHours(72);

    /// <summary>Length over composition (NIST SP 800-63B); common passwords are refused by <see cref="CommonPasswords"/>.</summary>
    public static void Configure(IdentityOptions o)
    {
        o.Password.RequiredLength = MinPasswordLength;
        o.Password.RequireDigit = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequiredUniqueChars = 1;
        o.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
        o.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
        o.Lockout.AllowedForNewUsers = true;
        o.User.RequireUniqueEmail = true;
        o.SignIn.RequireConfirmedAccount = false;
    }
}
