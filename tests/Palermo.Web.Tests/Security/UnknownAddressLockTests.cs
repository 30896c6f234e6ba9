using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Web.Accounts;
using Palermo.Testing;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Security;

/// <summary>
/// An address without an account locks after the same five failures as a real one also when the server restarts
/// between them, and when a load balancer spreads them over several instances: otherwise the number of tries to the
/// lock tells an outsider which addresses are registered.
/// </summary>
public sealed class UnknownAddressLockTests
{
    [Fact]
    public Task FailuresBeforeARestart_StillCount_Sqlite() => RestartAsync(postgres: null);

    [Fact]
    public async Task FailuresBeforeARestart_StillCount_Postgres() => await RestartAsync(await TestEnv.CreatePostgresDatabaseAsync());

    [Fact]
    public Task FailuresSpreadOverTwoInstances_LockAfterFive_Sqlite() => TwoInstancesAsync(postgres: null);

    [Fact]
    public async Task FailuresSpreadOverTwoInstances_LockAfterFive_Postgres() => await TwoInstancesAsync(await TestEnv.CreatePostgresDatabaseAsync());

    /// <summary>
    /// The purge job of either instance removes a lock that has ended, and once one instance has purged, the other
    /// does not purge again within the interval (the database lease); a lock still running is kept.
    /// </summary>
    [Fact]
    public async Task PurgeJob_RemovesEndedLocks_OnceAcrossInstances()
    {
        var dir = TestEnv.TempDir();
        try
        {
            using var first = new PalermoApplication(sharedDataDir: dir, backgroundJobs: false);
            using var second = new PalermoApplication(sharedDataDir: dir, backgroundJobs: false);
            for (var i = 0; i < IdentityDefaults.MaxFailedSignIns; i++) await AnswerAsync(i % 2 == 0 ? first : second, "ended@example.org", "wrong " + i);
            Assert.Equal("locked", await AnswerAsync(second, "ended@example.org", "anything"));
            // Fifteen minutes pass for that lock, the only row so far (the wall clock, as for a real account's lock).
            await first.With(sp => sp.GetRequiredService<PalermoDbContext>().Set<UnknownSignIn>()
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LockedUntil, TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-1)), TestContext.Current.CancellationToken));
            for (var i = 0; i < IdentityDefaults.MaxFailedSignIns; i++) await AnswerAsync(second, "running@example.org", "wrong " + i);

            static UnknownSignInPurgeJob Job(PalermoApplication app) => new(
                app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<UnknownAccountSignIns>(),
                app.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<UnknownSignInPurgeJob>.Instance);
            Assert.Equal(1, await Job(first).RunIfDueAsync(TestContext.Current.CancellationToken));
            Assert.Null(await Job(second).RunIfDueAsync(TestContext.Current.CancellationToken));
            Assert.Equal(1, await second.With(sp => sp.GetRequiredService<PalermoDbContext>().Set<UnknownSignIn>().CountAsync(TestContext.Current.CancellationToken)));
            Assert.Equal("wrong", await AnswerAsync(second, "ended@example.org", "a new count"));
            Assert.Equal("locked", await AnswerAsync(first, "running@example.org", "anything"));
        }
        finally
        {
            await CleanUpAsync(null, dir);
        }
    }

    [Fact]
    public Task IdleCounts_AreForgottenAlike_ForRealAccountsAndUnknownAddresses_Sqlite() => IdleAsync(postgres: null);

    [Fact]
    public async Task IdleCounts_AreForgottenAlike_ForRealAccountsAndUnknownAddresses_Postgres() => await IdleAsync(await TestEnv.CreatePostgresDatabaseAsync());

    /// <summary>
    /// Four failures, then a month without one: a real account and an unknown address both count afresh (the unknown
    /// one before the purge has reached its row). Before, the real account locked at the next failure and the unknown
    /// address did not, which told an outsider willing to wait which address was registered.
    /// </summary>
    private static async Task IdleAsync(string? postgres)
    {
        var dir = TestEnv.TempDir();
        try
        {
            using var app = new PalermoApplication(postgres, sharedDataDir: dir, backgroundJobs: false);
            var user = await app.UserWithRoleAsync(Role.CaseWorker);
            var real = new List<string>();
            var unknown = new List<string>();
            for (var i = 0; i < IdentityDefaults.MaxFailedSignIns - 1; i++)
            {
                real.Add(await AnswerAsync(app, user.Email, "wrong " + i));
                unknown.Add(await AnswerAsync(app, "gone.quiet@example.org", "wrong " + i));
            }

            // A month passes without a failure (the wall clock, which both counts are judged by).
            var monthAgo = TimeProvider.System.GetUtcNow().UtcDateTime - UnknownAccountSignIns.KeepCountsFor;
            await app.With(async sp =>
            {
                var db = sp.GetRequiredService<PalermoDbContext>();
                Assert.Equal(IdentityDefaults.MaxFailedSignIns - 1, await db.Users.Where(u => u.Id == user.Id).Select(u => u.AccessFailedCount).SingleAsync(TestContext.Current.CancellationToken));
                await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSignInFailureAt, monthAgo), TestContext.Current.CancellationToken);
                return await db.Set<UnknownSignIn>().ExecuteUpdateAsync(u => u.SetProperty(s => s.LastFailure, monthAgo), TestContext.Current.CancellationToken);
            });

            for (var i = 0; i < IdentityDefaults.MaxFailedSignIns; i++)
            {
                real.Add(await AnswerAsync(app, user.Email, "again " + i));
                unknown.Add(await AnswerAsync(app, "gone.quiet@example.org", "again " + i));
            }

            List<string> expected = ["wrong", "wrong", "wrong", "wrong", "wrong", "wrong", "wrong", "wrong", "locked"];
            Assert.Equal(expected, real);
            Assert.Equal(expected, unknown);
        }
        finally
        {
            await CleanUpAsync(postgres, dir);
        }
    }

    private static async Task RestartAsync(string? postgres)
    {
        var dir = TestEnv.TempDir();
        try
        {
            TestUser user;
            var real = new List<string>();
            var unknown = new List<string>();
            using (var before = new PalermoApplication(postgres, sharedDataDir: dir))
            {
                user = await before.UserWithRoleAsync(Role.CaseWorker);
                for (var i = 0; i < 3; i++)
                {
                    real.Add(await AnswerAsync(before, user.Email, "wrong " + i));
                    unknown.Add(await AnswerAsync(before, "left.last.year@example.org", "wrong " + i));
                }
            }

            // A new process: nothing of the first one's memory, the same database and key files.
            using var after = new PalermoApplication(postgres, sharedDataDir: dir);
            for (var i = 3; i < 5; i++)
            {
                real.Add(await AnswerAsync(after, user.Email, "wrong " + i));
                unknown.Add(await AnswerAsync(after, "Left.Last.Year@example.org", "wrong " + i));
            }

            real.Add(await AnswerAsync(after, user.Email, user.Password));
            unknown.Add(await AnswerAsync(after, "left.last.year@example.org", "anything"));
            List<string> expected = ["wrong", "wrong", "wrong", "wrong", "locked", "locked"];
            Assert.Equal(expected, real);
            Assert.Equal(expected, unknown);
        }
        finally
        {
            await CleanUpAsync(postgres, dir);
        }
    }

    private static async Task TwoInstancesAsync(string? postgres)
    {
        var dir = TestEnv.TempDir();
        try
        {
            using var first = new PalermoApplication(postgres, sharedDataDir: dir);
            using var second = new PalermoApplication(postgres, sharedDataDir: dir);
            var user = await first.UserWithRoleAsync(Role.CaseWorker);
            var real = new List<string>();
            var unknown = new List<string>();
            // Round robin, as a load balancer would spread them.
            for (var i = 0; i < IdentityDefaults.MaxFailedSignIns; i++)
            {
                var app = i % 2 == 0 ? first : second;
                real.Add(await AnswerAsync(app, user.Email, "wrong " + i));
                unknown.Add(await AnswerAsync(app, "never.here@example.org", "wrong " + i));
            }

            foreach (var app in new[] { first, second })
            {
                real.Add(await AnswerAsync(app, user.Email, user.Password));
                unknown.Add(await AnswerAsync(app, "never.here@example.org", "anything"));
            }

            List<string> expected = ["wrong", "wrong", "wrong", "wrong", "locked", "locked", "locked"];
            Assert.Equal(expected, real);
            Assert.Equal(expected, unknown);
        }
        finally
        {
            await CleanUpAsync(postgres, dir);
        }
    }

    private static async Task<string> AnswerAsync(PalermoApplication app, string email, string password)
    {
        var res = await PalermoApplication.PostFormAsync(app.Browser(), "/Account/SignIn", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var html = await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return html.Contains("locked for 15 minutes", StringComparison.Ordinal) ? "locked"
            : html.Contains("E-mail or password is wrong", StringComparison.Ordinal) ? "wrong" : "other";
    }

    private static async Task CleanUpAsync(string? postgres, string dir)
    {
        if (postgres is not null) await TestEnv.DropPostgresDatabaseAsync(postgres);
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
