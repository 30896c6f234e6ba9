using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Palermo.Accounts;

/// <summary>
/// Authenticator codes (RFC 6238) that work once. Identity's own provider accepts a code again for as long as it is
/// valid — up to two and a half minutes with its clock-skew allowance — so a code read over a shoulder, from a
/// screen share or from a phishing page signs in a second time; RFC 6238 §5.2 says a verifier must not accept an
/// accepted code again. The last time step accepted is kept per user (Identity's token store: no column of its own)
/// and a code must be of a later step. Accepted steps and clock-skew allowance (±2 steps of 30 s) are Identity's.
/// Two requests racing with the same code: both write the user row, whose concurrency stamp lets only one through.
/// (The step could live in a column of the user; Identity's token store needs no migration and is where the key is.)
/// </summary>
public sealed class OneUseAuthenticatorCodes(Palermo.Data.PalermoDbContext db) : IUserTwoFactorTokenProvider<PalermoUser>
{
    private const string Store = IdentityDefaults.PalermoTokens;
    private const string LastStep = "AuthenticatorLastStep";
    private const int Allowance = 2;

    public Task<string> GenerateAsync(string purpose, UserManager<PalermoUser> manager, PalermoUser user) => Task.FromResult(string.Empty);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PalermoUser> manager, PalermoUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PalermoUser> manager, PalermoUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token is not { Length: 6 } || !token.All(char.IsAsciiDigit)) return false;

        // The phone's clock, not a test's fake one: the code comes from a real authenticator.
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / Totp.StepSeconds;
        long? matched = null;
        for (var step = now - Allowance; step <= now + Allowance; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Totp.CodeAt(key, step)), Encoding.ASCII.GetBytes(token))) matched = step;
        }

        if (matched is not { } accepted) return false;
        // Stored as "step key-tag": a new key (the user replaced the authenticator, an administrator reset it) starts
        // afresh, so its first code is not refused for a step the old key used.
        var tag = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(key)), 0, 8);
        var last = (await manager.GetAuthenticationTokenAsync(user, Store, LastStep))?.Split(' ');
        if (last is [var usedStep, var usedTag] && usedTag == tag
            && long.TryParse(usedStep, NumberStyles.None, CultureInfo.InvariantCulture, out var used) && accepted <= used)
        {
            return false;
        }

        try
        {
            var saved = await manager.SetAuthenticationTokenAsync(user, Store, LastStep, string.Create(CultureInfo.InvariantCulture, $"{accepted} {tag}"));
            if (saved.Succeeded) return true;
        }
        catch (ConflictException)
        {
            // The user row's concurrency stamp changed under this save (PalermoDbContext turns that into a conflict).
        }
        catch (DbUpdateException ex) when (!Palermo.Data.StoreBusy.Is(ex))
        {
            // The first use ever, raced: the other request inserted the step's row first (its key). A busy database is
            // not this: it reaches the caller as any busy save does (503, try again), not as a wrong code.
        }

        // The racing request saved first: this use of the code is the second. The unsaved changes are dropped and the
        // account read again, so that counting the failed attempt (the next save on this context) does not fail too.
        foreach (var entry in db.ChangeTracker.Entries<IdentityUserToken<Guid>>().ToList()) entry.State = EntityState.Detached;
        await db.Entry(user).ReloadAsync();
        return false;
    }
}
