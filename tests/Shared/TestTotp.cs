using Palermo.Accounts;

namespace Palermo.Testing;

/// <summary>
/// Authenticator codes for tests that sign in as a person does. A code works once (<c>OneUseAuthenticatorCodes</c>):
/// a person signing in twice within 30 seconds waits for the next code. Tests sign in the same account many times a
/// minute, so each call gives the code of the next step not yet given for that secret — up to two steps ahead,
/// which the server accepts within its clock allowance — and waits only when it would have to go further.
/// </summary>
public static class TestTotp
{
    private static readonly Dictionary<string, long> Given = [];

    public static async Task<string> NextAsync(string secret)
    {
        while (true)
        {
            lock (Given)
            {
                var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / Totp.StepSeconds;
                var step = Given.TryGetValue(secret, out var last) ? Math.Max(now, last + 1) : now;
                if (step <= now + 2)
                {
                    Given[secret] = step;
                    return Totp.CodeAt(secret, step);
                }
            }

            // Awaited, not slept: the browser tests host the app in this process, and a blocked thread-pool thread
            // would slow the server under test.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
