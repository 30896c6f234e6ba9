using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Testing;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Data;

/// <summary>
/// A save while another transaction holds the database (a long import commits all or nothing): it waits up to
/// Database:BusyTimeoutSeconds (1 s here), then the API answers 503 with Retry-After and the page says so in the site's
/// layout — not a JSON blob, not a bare 500 — and nothing was saved; the same request succeeds once the writer is done.
/// </summary>
public sealed class BusyDatabaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string> OneSecond = new() { ["Database:BusyTimeoutSeconds"] = "1" };

    private static object Registration(string name) => new { givenName = name, countryOfDetection = "ITA", identificationDate = "2026-01-10", exploitation = new[] { "ForcedLabour" } };

    private static Dictionary<string, string> RegisterForm(string name) => new()
    {
        ["Input.GivenName"] = name, ["Input.Gender"] = "Feminine", ["Input.IdentificationDate"] = "2026-01-15", ["Input.CountryOfDetection"] = "ITA",
        ["Input.TraffickingStatus"] = "PossibleVictimOfTrafficking", ["Input.Risk"] = "High", ["Input.Exploitation"] = "ForcedLabour",
    };

    [Fact]
    public async Task Sqlite_SaveWhileAnotherProcessWrites_503WithRetryAfter_PageInLayout_NothingSaved_ThenSaves()
    {
        using var web = new PalermoApplication(settings: OneSecond);
        var org = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var client = await web.SignInAsync(await web.CreateUserAsync(Role.CaseWorker, org.Id));

        // Another process's long write: SQLite's write lock, held until it commits.
        await using (var writer = new SqliteConnection($"Data Source={Path.Combine(web.DataDir, "palermo.db")};Pooling=False"))
        {
            await writer.OpenAsync(Ct);
            await ExecAsync(writer, "BEGIN IMMEDIATE");
            await AssertBusyAsync(client);
            await ExecAsync(writer, "ROLLBACK");
        }

        await AssertNothingSavedThenSavesAsync(web, client);
        Assert.Contains(web.Logs.Lines, l => l.Contains("Database busy: Microsoft.Data.Sqlite.SqliteException on trace", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Postgres_SaveWhileAnotherTransactionLocksTheTable_503WithRetryAfter_NothingSaved_ThenSaves()
    {
        var cs = await TestEnv.CreatePostgresDatabaseAsync();
        using var web = new PalermoApplication(postgresConnection: cs, settings: OneSecond);
        var org = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var client = await web.SignInAsync(await web.CreateUserAsync(Role.CaseWorker, org.Id));

        await using (var writer = new NpgsqlConnection(cs))
        {
            await writer.OpenAsync(Ct);
            // Reads go on (a list, a search); a new case must wait for the lock, which lock_timeout ends.
            await ExecAsync(writer, "BEGIN; LOCK TABLE \"Case\" IN EXCLUSIVE MODE");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/cases", Ct)).StatusCode);
            await AssertBusyAsync(client);
            await ExecAsync(writer, "ROLLBACK");
        }

        await AssertNothingSavedThenSavesAsync(web, client);
        Assert.Contains(web.Logs.Lines, l => l.Contains("Database busy: Npgsql.PostgresException on trace", StringComparison.Ordinal));
    }

    private static async Task AssertBusyAsync(HttpClient client)
    {
        var api = await client.PostAsJsonAsync("/api/v1/cases", Registration("Amina"), Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), api.Headers.RetryAfter?.Delta);
        using var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith("Palermo is busy saving a large change", problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());

        var page = await PalermoApplication.PostFormAsync(client, "/Cases/Register", RegisterForm("Amina"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), page.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<h1>Palermo is busy</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved.", html, StringComparison.Ordinal);
        // The site's layout (its navigation), and nothing of what was typed.
        Assert.Contains("<nav", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Amina", html, StringComparison.Ordinal);
    }

    private static async Task AssertNothingSavedThenSavesAsync(PalermoApplication web, HttpClient client)
    {
        Assert.Equal(0, await web.With(sp => sp.GetRequiredService<PalermoDbContext>().Cases.CountAsync(Ct)));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/cases", Registration("Amina"), Ct)).StatusCode);
        var page = await PalermoApplication.PostFormAsync(client, "/Cases/Register", RegisterForm("Grace"));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(2, await web.With(sp => sp.GetRequiredService<PalermoDbContext>().Cases.CountAsync(Ct)));
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Constant statements of this test.")]
    private static async Task ExecAsync(DbConnection connection, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(Ct);
    }
}
