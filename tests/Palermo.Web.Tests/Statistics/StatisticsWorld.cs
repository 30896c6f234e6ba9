using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Demo;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Statistics;

/// <summary>One app with a few hundred seeded demo cases and a signed-in client per role.</summary>
public sealed class StatisticsWorld : IAsyncLifetime
{
    public PalermoApplication Web { get; } = new();
    public Dictionary<Role, HttpClient> Clients { get; } = [];
    public TestUser Coordinator { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Web.With(sp => sp.GetRequiredService<SeedDemo>().HandleAsync(400, 3, Actor.Cli));
        var org = await Web.CreateOrganisationAsync("Statistics Office", Palermo.Organisations.OrganisationKind.NationalCoordinator);
        foreach (var role in Enum.GetValues<Role>())
        {
            var user = await Web.CreateUserAsync(role, org.Id);
            if (role == Role.NationalCoordinator) Coordinator = user;
            Clients[role] = await Web.SignInAsync(user);
        }
    }

    public ValueTask DisposeAsync()
    {
        Web.Dispose();
        return ValueTask.CompletedTask;
    }
}
