using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Testing;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Audit;

/// <summary>
/// Searches are audited through an in-memory queue written about once a second. An orderly stop (a deployment, a
/// restart) must write what is still queued: the searches made just before it are in the audit trail afterwards.
/// </summary>
public sealed class SearchAuditStopTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task SearchesJustBeforeAStop_AreInTheAuditTrailAfterIt_Sqlite() => SearchThenStopAsync(postgres: null);

    [Fact]
    public async Task SearchesJustBeforeAStop_AreInTheAuditTrailAfterIt_Postgres() => await SearchThenStopAsync(await TestEnv.CreatePostgresDatabaseAsync());

    private static async Task SearchThenStopAsync(string? postgres)
    {
        var dir = TestEnv.TempDir();
        try
        {
            TestUser user;
            var first = new PalermoApplication(postgres, sharedDataDir: dir);
            await using (first)
            {
                user = await first.UserWithRoleAsync(Role.CaseWorker);
                var client = await first.SignInAsync(user);
                foreach (var name in new[] { "Olena", "Mohammed", "Ngozi" })
                {
                    var res = await client.PostAsJsonAsync("/api/v1/cases/search", new { name }, Ct);
                    res.EnsureSuccessStatusCode();
                }

                // Still queued: the writer gathers about a second of searches before it writes them.
                Assert.Equal(0, await first.With(sp => SearchEntriesAsync(sp, user.Id)));
            }

            await using var second = new PalermoApplication(postgres, sharedDataDir: dir);
            Assert.Equal(3, await second.With(sp => SearchEntriesAsync(sp, user.Id)));
            Assert.DoesNotContain(first.Logs.Lines, l => l.StartsWith("Error Palermo", StringComparison.Ordinal) || l.Contains("queued search audit entries on stopping failed", StringComparison.Ordinal));
            Assert.Contains(first.Logs.Lines, l => l.Contains("Wrote 3 queued search audit entries on stopping", StringComparison.Ordinal));
        }
        finally
        {
            if (postgres is not null) await TestEnv.DropPostgresDatabaseAsync(postgres);
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static Task<int> SearchEntriesAsync(IServiceProvider sp, Guid userId) =>
        sp.GetRequiredService<PalermoDbContext>().AuditEntries.CountAsync(e => e.ActorId == userId && e.Event == AuditEvent.CasesSearchedByName, Ct);
}
