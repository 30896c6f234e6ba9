using System.Net;
using Palermo.Accounts;
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
