using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Web.Privacy;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Privacy;

/// <summary>The background job checks hourly but applies the schedules once a day.</summary>
public sealed class RetentionJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RetentionJob_HourlyChecks_RunTheSchedulesOnceADay()
    {
        using var web = new PalermoApplication();
        _ = web.Server; // start the host
        var job = web.Services.GetServices<IHostedService>().OfType<RetentionJob>().Single();
        // Its own timer would tick with the fake clock too; the checks are made here, one by one.
        await job.StopAsync(Ct);
        Task<int> Runs() => web.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries.CountAsync(e => e.Event == AuditEvent.RetentionRun, Ct));

        Assert.Equal(0, await job.RunIfDueAsync(Ct));
        Assert.Equal(1, await Runs());
        for (var hour = 1; hour < 24; hour++)
        {
            web.Time.Advance(TimeSpan.FromHours(1));
            Assert.Null(await job.RunIfDueAsync(Ct));
        }

        Assert.Equal(1, await Runs());
        web.Time.Advance(TimeSpan.FromHours(1.1));
        Assert.Equal(0, await job.RunIfDueAsync(Ct));
        Assert.Equal(2, await Runs());
    }
}
