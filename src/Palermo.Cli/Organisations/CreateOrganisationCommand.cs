using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Palermo.Organisations;
using Spectre.Console.Cli;

namespace Palermo.Cli.Organisations;

internal sealed class CreateOrganisationCommand(IServiceScopeFactory scopes) : PalermoCommand<CreateOrganisationCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--name <NAME>")] public string? Name { get; init; }
        [CommandOption("--kind <KIND>"), Description("e.g. Police, Shelter, NonGovernmentalOrganisation, NationalCoordinator")] public string? Kind { get; init; }
        [CommandOption("--country <ISO3>")] public string? Country { get; init; }
    }

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        await DatabaseMigrator.MigrateAsync(db, ct);
        var org = await scope.ServiceProvider.GetRequiredService<CreateOrganisation>()
            .HandleAsync(new CreateOrganisationRequest(s.Name, s.Kind, s.Country), Actor.Cli, ct);
        Line(org.Id.ToString());
        return 0;
    }
}
