using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Palermo.Organisations;
using Spectre.Console.Cli;

namespace Palermo.Cli.Organisations;

/// <summary>
/// `palermo orgs list`: id, status, kind, country and name of every organisation, tab-separated and sorted by name, so
/// an operator can find the `--org` value the other commands take (organisations are not personal data).
/// </summary>
internal sealed class ListOrganisationsCommand(IServiceScopeFactory scopes) : PalermoCommand<ListOrganisationsCommand.Settings>
{
    internal sealed class Settings : CommandSettings;

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<PalermoDbContext>(), ct);
        foreach (var o in await scope.ServiceProvider.GetRequiredService<ListOrganisations>().HandleAsync(Actor.Cli, ct))
        {
            Line(string.Join('\t', o.Id, o.IsActive ? "active" : "inactive", o.Kind, o.Country, o.Name));
        }

        return 0;
    }
}
