using Palermo.Accounts;
using Palermo.Data;
using Palermo.Demo;

namespace Palermo.Web.Infrastructure;

public static class Startup
{
    /// <summary>Migrates the database, seeds the demo when asked, and prints the setup link while there is no account.</summary>
    public static async Task PrepareAsync(WebApplication app, PalermoSettings settings, bool demo)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        await DatabaseMigrator.MigrateAsync(db);
        if (demo)
        {
            var result = await scope.ServiceProvider.GetRequiredService<SeedDemo>().HandleAsync(
                app.Configuration.GetValue("Palermo:DemoCases", 200), app.Configuration.GetValue("Palermo:DemoSeed", 1), Actor.Cli);
            Console.WriteLine("Demo — synthetic data. Sign in with (e-mail, password, TOTP secret for an authenticator app):");
            foreach (var c in result.Credentials) Console.WriteLine($"  {c.Role,-24} {c.Email,-46} {c.Password}  {c.TotpSecret}");
        }

        var token = await scope.ServiceProvider.GetRequiredService<SetupLink>().HandleAsync();
        if (token is not null)
        {
            // Printed, not logged: the link is a secret for the person starting the system, valid one hour, used once.
            Console.WriteLine($"No account exists yet. Create the first system administrator within one hour at:{Environment.NewLine}  {settings.PublicUrl}/Account/Setup?token={token}");
        }
    }
}
