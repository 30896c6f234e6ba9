using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Testing;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Accounts;

/// <summary>
/// A one-time link works once even when two submissions of it arrive together (a double click, a second tab, or
/// someone else holding a copy of the e-mail): one succeeds, the other is told the link is used, and nothing of the
/// second is kept.
/// </summary>
public sealed class OneTimeLinkRaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task WelcomeLink_TwoSubmissionsAtOnce_OnePasswordIsSet_Sqlite() => WelcomeRaceAsync(null);

    [Fact]
    public async Task WelcomeLink_TwoSubmissionsAtOnce_OnePasswordIsSet_Postgres() => await WelcomeRaceAsync(await TestEnv.CreatePostgresDatabaseAsync());

    [Fact]
    public Task SetupLink_TwoSubmissionsAtOnce_OneAdministratorIsCreated_Sqlite() => SetupRaceAsync(null);

    [Fact]
    public async Task SetupLink_TwoSubmissionsAtOnce_OneAdministratorIsCreated_Postgres() => await SetupRaceAsync(await TestEnv.CreatePostgresDatabaseAsync());

    private static async Task WelcomeRaceAsync(string? postgres)
    {
        using var app = new PalermoApplication(postgres);
        var org = await app.CreateOrganisationAsync("Race NGO");
        for (var round = 0; round < 3; round++)
        {
            var email = $"race{round}@ngo.example";
            var created = await app.With(sp => sp.GetRequiredService<CreateUser>().HandleAsync(new(email, org.Id.ToString(), ["CaseWorker"]), Actor.Cli));
            var url = $"/Account/Welcome?token={created.SignInToken}";
            string[] passwords = ["first river of paper boats", "second harbour of lanterns"];
            var answers = await SubmitTogetherAsync(app, url, passwords.Select(p => new Dictionary<string, string>
            {
                ["Token"] = created.SignInToken, ["Password"] = p, ["Confirm"] = p,
            }).ToArray());

            var won = OneWinner(answers, round);
            Assert.Contains("expired or has already been used", answers[1 - won].Body, StringComparison.Ordinal);

            // The winner's password signs in; the loser's does not.
            var client = app.Browser();
            var right = await PalermoApplication.PostFormAsync(client, "/Account/SignIn", new() { ["Email"] = email, ["Password"] = passwords[won] });
            Assert.Equal("/Account/Mfa", right.Headers.Location?.OriginalString);
            var other = await PalermoApplication.PostFormAsync(app.Browser(), "/Account/SignIn", new() { ["Email"] = email, ["Password"] = passwords[1 - won] });
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.Equal(1, await app.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries
                .CountAsync(a => a.Event == AuditEvent.PasswordSet && a.EntityId == created.User.Id.ToString(), Ct)));
        }
    }

    private static async Task SetupRaceAsync(string? postgres)
    {
        using var app = new PalermoApplication(postgres);
        var token = (await app.With(sp => sp.GetRequiredService<SetupLink>().HandleAsync()))!;
        const string password = "seven lanterns over the harbour";
        var answers = await SubmitTogetherAsync(app, $"/Account/Setup?token={token}", new[] { "one", "two" }.Select(who => new Dictionary<string, string>
        {
            ["Token"] = token, ["Email"] = $"{who}@coordinator.example", ["Password"] = password, ["Confirm"] = password,
        }).ToArray());

        var won = OneWinner(answers, 0);
        Assert.Contains("expired or has already been used", answers[1 - won].Body, StringComparison.Ordinal);
        var emails = await app.With(sp => sp.GetRequiredService<PalermoDbContext>().Users.Select(u => u.Email).ToListAsync(Ct));
        Assert.Equal([won == 0 ? "one@coordinator.example" : "two@coordinator.example"], emails);
        Assert.Equal(1, await app.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries.CountAsync(a => a.Event == AuditEvent.SetupCompleted, Ct)));
    }

    /// <summary>Both browsers load the form first, then both submit at the same moment.</summary>
    private static async Task<(HttpStatusCode Status, string Body)[]> SubmitTogetherAsync(PalermoApplication app, string url, Dictionary<string, string>[] forms)
    {
        var prepared = new List<(HttpClient Client, FormUrlEncodedContent Form)>();
        foreach (var fields in forms)
        {
            var client = app.Browser();
            prepared.Add((client, await PalermoApplication.FormAsync(client, url, fields)));
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = prepared.Select(async p =>
        {
            await start.Task;
            var res = await p.Client.PostAsync(url, p.Form, Ct);
            return (res.StatusCode, await res.Content.ReadAsStringAsync(Ct));
        }).ToArray();
        start.SetResult();
        return await Task.WhenAll(posts);
    }

    private static int OneWinner((HttpStatusCode Status, string Body)[] answers, int round)
    {
        var winners = answers.Select((a, i) => (a, i)).Where(x => x.a.Status == HttpStatusCode.Redirect).Select(x => x.i).ToList();
        Assert.True(winners.Count == 1, $"round {round}: {winners.Count} of 2 submissions succeeded (statuses {string.Join(", ", answers.Select(a => (int)a.Status))})");
        Assert.Equal(HttpStatusCode.OK, answers[1 - winners[0]].Status);
        return winners[0];
    }
}
