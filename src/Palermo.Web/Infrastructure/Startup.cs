using Palermo.Accounts;
using Palermo.Data;
using Palermo.Demo;

namespace Palermo.Web.Infrastructure;

public static class Startup
{
    /// <summary>Migrates the database and seeds the demo when asked (before the server accepts requests).</summary>
    public static async Task PrepareAsync(WebApplication app, PalermoSettings settings, bool demo)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        await DatabaseMigrator.MigrateAsync(db);
        if (demo)
        {
            var result = await scope.ServiceProvider.GetRequiredService<SeedDemo>().HandleAsync(
                app.Configuration.GetValue("Palermo:DemoCases", 200), app.Configuration.GetValue("Palermo:DemoSeed", 1), Actor.Cli);
            if (result.Credentials.Count > 0)
            {
                Console.WriteLine("Demo — synthetic data. Sign in with (e-mail, password, TOTP secret for an authenticator app):");
                foreach (var c in result.Credentials) Console.WriteLine($"  {c.Role,-24} {c.Email,-46} {c.Password}  {c.TotpSecret}");
            }

            // A restart of a demo server keeps the accounts people signed in with (and the passwords they chose).
            if (result.Kept.Count > 0)
            {
                Console.WriteLine($"Demo — {result.Kept.Count} demo account(s) already existed and were left untouched (passwords and authenticators unchanged; `palermo demo --reset-passwords` gives them new ones).");
            }
        }
    }

    /// <summary>
    /// Prints the setup link while there is no account. Runs once the server listens: issuing the link is a write
    /// with its audit entry (the first SaveChanges of the process), and nothing needs it before the first request.
    /// </summary>
    public static async Task PrintSetupLinkAsync(WebApplication app, PalermoSettings settings)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var token = await scope.ServiceProvider.GetRequiredService<SetupLink>().HandleAsync();
        if (token is not null)
        {
            // Printed, not logged: the link is a secret for the person starting the system, valid one hour, used once.
            Console.WriteLine($"No account exists yet. Create the first system administrator within one hour at:{Environment.NewLine}  {settings.PublicUrl}/Account/Setup?token={token}");
        }
    }
}
