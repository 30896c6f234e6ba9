using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Assistance;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Spectre.Console.Cli;

namespace Palermo.Cli.Assistance;

/// <summary>`palermo services list|add|rename|deactivate|reactivate`: the service catalogue, as on /Admin/ServiceTypes.</summary>
public static class ServiceTypeCommands
{
    public static void AddServiceTypes(this IConfigurator config) =>
        config.AddBranch("services", s =>
        {
            s.SetDescription("The service catalogue (types of assistance a case can record).");
            s.AddCommand<ListCommand>("list").WithDescription("Print code, active flag, services recorded and name of every type.");
            s.AddCommand<AddCommand>("add").WithDescription("Add a type (--code lowercase letters, digits, hyphens; --name).");
            s.AddCommand<RenameCommand>("rename").WithDescription("Give a type a new name; its code stays.");
            s.AddCommand<DeactivateCommand>("deactivate").WithDescription("Stop offering a type for new services (recorded ones keep it).");
            s.AddCommand<ReactivateCommand>("reactivate").WithDescription("Offer a deactivated type again.");
        });

    // Each command takes only the options it reads, so a misplaced one is refused instead of silently ignored.
    internal sealed class NoSettings : CommandSettings;

    internal class CodeSettings : CommandSettings
    {
        [CommandOption("--code <CODE>")] public string? Code { get; init; }
    }

    internal sealed class Settings : CodeSettings
    {
        [CommandOption("--name <NAME>")] public string? Name { get; init; }
    }

    internal sealed class ListCommand(IServiceScopeFactory scopes) : PalermoCommand<NoSettings>
    {
        protected override async Task<int> RunAsync(NoSettings s, CancellationToken ct)
        {
            await using var scope = await OpenAsync(scopes, ct);
            foreach (var t in await scope.ServiceProvider.GetRequiredService<ListServiceTypes>().HandleAsync(Actor.Cli, ct))
            {
                Line($"{t.Code}\t{(t.IsActive ? "active" : "inactive")}\t{t.ServicesRecorded}\t{t.Name}");
            }

            return 0;
        }
    }

    internal sealed class AddCommand(IServiceScopeFactory scopes) : PalermoCommand<Settings>
    {
        protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
        {
            await using var scope = await OpenAsync(scopes, ct);
            Line((await scope.ServiceProvider.GetRequiredService<AddServiceType>().HandleAsync(new(s.Code, s.Name), Actor.Cli, ct)).Code);
            return 0;
        }
    }

    internal sealed class RenameCommand(IServiceScopeFactory scopes) : PalermoCommand<Settings>
    {
        protected override string? NotFoundOption => "--code";

        protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
        {
            await using var scope = await OpenAsync(scopes, ct);
            await scope.ServiceProvider.GetRequiredService<ChangeServiceType>().HandleAsync(s.Code ?? "", new(Name: s.Name ?? ""), Actor.Cli, ct);
            return 0;
        }
    }

    internal abstract class ActiveCommand(IServiceScopeFactory scopes, bool active) : PalermoCommand<CodeSettings>
    {
        protected override string? NotFoundOption => "--code";

        protected override async Task<int> RunAsync(CodeSettings s, CancellationToken ct)
        {
            await using var scope = await OpenAsync(scopes, ct);
            await scope.ServiceProvider.GetRequiredService<ChangeServiceType>().HandleAsync(s.Code ?? "", new(IsActive: active), Actor.Cli, ct);
            return 0;
        }
    }

    internal sealed class DeactivateCommand(IServiceScopeFactory scopes) : ActiveCommand(scopes, false);

    internal sealed class ReactivateCommand(IServiceScopeFactory scopes) : ActiveCommand(scopes, true);

    private static async Task<AsyncServiceScope> OpenAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        var scope = scopes.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<PalermoDbContext>(), ct);
        return scope;
    }
}
