using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Referrals;
using Palermo.Testing;
using Palermo.Web.Tests.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Referrals;

/// <summary>
/// A receiver with more referrals than one page: the Referrals page shows "page N of M" with Previous and Next, a page
/// past the end says where the list ends, and the API pages the same list without breaking clients that read one array.
/// </summary>
public sealed class ReferralPagingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task Inbox_MoreThanAPage_PagesOnThePageAndInTheApi_Sqlite() => RunAsync(null);

    [Fact]
    public async Task Inbox_MoreThanAPage_PagesOnThePageAndInTheApi_Postgres() => await RunAsync(await TestEnv.CreatePostgresDatabaseAsync());

    private static async Task RunAsync(string? postgres)
    {
        using var web = new PalermoApplication(postgres);
        var ngo = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var shelter = await web.CreateOrganisationAsync("Casa Rifugio Aurora", Palermo.Organisations.OrganisationKind.Shelter);
        var ngoUser = await web.CreateUserAsync(Role.CaseWorker, ngo.Id);
        var ngoWorker = new Actor(ngoUser.Id, ngo.Id, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        var registered = await web.With(sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(CaseAccessMatrixTests.Input(), ngoWorker));
        var reference = await web.With(sp => Task.FromResult(sp.GetRequiredService<PalermoDbContext>().Cases.Single(c => c.Id == registered.CaseId).Reference));
        // 30 declined referrals, one a minute, and one old one still waiting for the shelter's answer.
        var start = web.Time.GetUtcNow().UtcDateTime;
        var waiting = await web.With(async sp =>
        {
            var db = sp.GetRequiredService<PalermoDbContext>();
            var old = new Referral(registered.CaseId, ngo.Id, shelter.Id, ["shelter"], SharedParts.Services, null, null, start.AddDays(-30));
            db.Referrals.Add(old);
            for (var i = 0; i < 30; i++)
            {
                var r = new Referral(registered.CaseId, ngo.Id, shelter.Id, ["legal-aid"], SharedParts.Services, null, null, start.AddMinutes(-i));
                r.Decline("No place available", start.AddMinutes(-i));
                db.Referrals.Add(r);
            }

            await db.SaveChangesAsync(Ct);
            return old.Id;
        });

        var receiver = await web.SignInAsync(await web.CreateUserAsync(Role.CaseWorker, shelter.Id));
        int Rows(string html) => html.Split("<tr>").Length - 2;

        // Page 1: the referral waiting for an answer first, with its Accept button; 25 rows, a Next link, no Previous.
        var first = WebUtility.HtmlDecode(await receiver.GetStringAsync("/Referrals", Ct));
        Assert.Contains("31 referral(s), page 1 of 2", first, StringComparison.Ordinal);
        Assert.Equal(ListReferrals.DefaultPageSize, Rows(first));
        Assert.Contains($"name=\"Id\" value=\"{waiting}\"", first, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/Referrals?Page=2\">Next</a>", first, StringComparison.Ordinal);
        Assert.DoesNotContain(">Previous</a>", first, StringComparison.Ordinal);

        var second = WebUtility.HtmlDecode(await receiver.GetStringAsync("/Referrals?Page=2", Ct));
        Assert.Contains("31 referral(s), page 2 of 2", second, StringComparison.Ordinal);
        Assert.Equal(6, Rows(second));
        Assert.Contains("<a href=\"/Referrals?Page=1\">Previous</a>", second, StringComparison.Ordinal);
        Assert.DoesNotContain(">Next</a>", second, StringComparison.Ordinal);
        Assert.Contains(reference, second, StringComparison.Ordinal);

        // Past the end (an old link): where the list ends, not "page 7 of 2" over an empty table.
        var past = WebUtility.HtmlDecode(await receiver.GetStringAsync("/Referrals?Page=7", Ct));
        Assert.Contains("31 referral(s); the list ends at page 2. <a href=\"/Referrals?Page=2\">Go to page 2</a>", past, StringComparison.Ordinal);
        Assert.DoesNotContain("page 7 of", past, StringComparison.Ordinal);

        foreach (var bad in new[] { "abc", "0", "-1" })
        {
            var res = await receiver.GetAsync("/Referrals?Page=" + bad, Ct);
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            Assert.Matches("class=\"form-errors[^>]*>.*<li>The page must be", await res.Content.ReadAsStringAsync(Ct));
        }

        // The API: still one array, the whole list by default (up to 500), the count in X-Total-Count.
        var all = await receiver.GetAsync("/api/v1/referrals", Ct);
        Assert.Equal(31, (await all.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetArrayLength());
        Assert.Equal("31", all.Headers.GetValues("X-Total-Count").Single());
        Assert.False(all.Headers.Contains("Link"));
        var page = await receiver.GetAsync("/api/v1/referrals?page=2&pageSize=10", Ct);
        var items = (await page.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray().ToList();
        Assert.Equal(10, items.Count);
        Assert.DoesNotContain(items, r => r.GetProperty("id").GetGuid() == waiting);
        Assert.Equal("</api/v1/referrals?page=3&pageSize=10>; rel=\"next\"", page.Headers.GetValues("Link").Single());
        foreach (var (query, field) in new[] { ("pageSize=501", "pageSize"), ("page=x", "page"), ("page=0", "page") })
        {
            var res = await receiver.GetAsync("/api/v1/referrals?" + query, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
            Assert.True((await res.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }
}
