using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Palermo.Privacy;
using Spectre.Console.Cli;

namespace Palermo.Cli.Privacy;

internal sealed class RetentionRunCommand(IServiceScopeFactory scopes) : PalermoCommand<RetentionRunCommand.Settings>
{
    internal sealed class Settings : CommandSettings;

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<PalermoDbContext>(), ct);
        IReadOnlyList<RetentionOutcome>? outcomes;
        try
        {
            outcomes = await scope.ServiceProvider.GetRequiredService<RunRetention>().RunAsync(Actor.Cli, ct);
        }
        catch (ConflictException)
        {
            // A person of the batch changed while it was prepared (a legal hold set, a case reopened): that batch was
            // rolled back whole, so nobody was erased against a hold; earlier batches stay applied.
            return Fail("retention stopped: a record changed while the run worked (e.g. a legal hold was set); the interrupted batch erased nobody, earlier ones stay erased; run it again", 3);
        }

        if (outcomes is null)
        {
            // The daily job (or another `palermo retention run`) is applying the schedules right now.
            return Fail("another retention run is in progress; nothing was done, try again when it has finished", 1);
        }

        if (outcomes.Count == 0)
        {
            Line("no organisation has a retention schedule; nothing to do");
            return 0;
        }

        // Counts per organisation, never who: the same numbers the RetentionApplied audit entries record.
        foreach (var o in outcomes)
        {
            var c = o.Counts;
            Line(FormattableString.Invariant($"{o.Organisation} ({o.ClosedCaseYears} years): erased {c.Persons} persons ({c.Cases} cases); kept {c.KeptLegalHold} on legal hold, {c.KeptActiveReferral} under an active referral"));
        }

        Line(FormattableString.Invariant($"retention applied: {outcomes.Sum(o => o.Counts.Persons)} persons erased"));
        return 0;
    }
}
