using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Spectre.Console.Cli;

namespace Palermo.Cli.Accounts;

internal sealed class CreateUserCommand(IServiceScopeFactory scopes, PalermoSettings config) : PalermoCommand<CreateUserCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--email <EMAIL>")] public string? Email { get; init; }
        [CommandOption("--org <ORG>"), Description("Organisation id or unique name")] public string? Org { get; init; }
        [CommandOption("--role <ROLE>"), Description("Repeat for several roles, e.g. CaseWorker")] public string[]? Role { get; init; }
    }

    protected override IReadOnlyDictionary<string, string> Options { get; } = new Dictionary<string, string> { ["organisation"] = "--org", ["roles"] = "--role" };

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        await DatabaseMigrator.MigrateAsync(db, ct);
        var created = await scope.ServiceProvider.GetRequiredService<CreateUser>()
            .HandleAsync(new CreateUserRequest(s.Email, s.Org, s.Role), Actor.Cli, ct);
        // Printing the link is the purpose of this command: hand it to the person over a trusted channel.
        Line($"{config.PublicUrl}/Account/Welcome?token={created.SignInToken}");
        return 0;
    }
}
