using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Demo;
using Palermo.Organisations;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>The case list of a large organisation: counted up to 1,000 past the page, then "more than".</summary>
public sealed class CaseListPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LargeOrganisation_ListSaysMoreThanAThousand_AndStillPagesOn()
    {
        await using var app = new PalermoApplication();
        await app.With(sp => sp.GetRequiredService<SeedDemo>().HandleAsync(6_000, 4, Actor.Cli));
        // The demo police unit refers cases on and receives none, so it sees exactly its own cases.
        var (police, held) = await app.With(async sp =>
        {
            var db = sp.GetRequiredService<PalermoDbContext>();
            var id = await db.Organisations.Where(o => o.Kind == OrganisationKind.Police).Select(o => o.Id).SingleAsync(Ct);
            return (id, await db.Cases.CountAsync(c => c.OrganisationId == id, Ct));
        });
        Assert.True(held > 1_000, $"the police unit holds {held} cases");
        var worker = await app.SignInAsync(await app.CreateUserAsync(Role.CaseWorker, police));

        var page = WebUtility.HtmlDecode(await worker.GetStringAsync("/Cases", Ct));
        Assert.Contains("More than 1,000 cases, page 1.", page, StringComparison.Ordinal);
        Assert.Contains(">Next</a>", page, StringComparison.Ordinal);

        var api = await worker.GetFromJsonAsync<JsonElement>("/api/v1/cases", Ct);
        Assert.True(api.GetProperty("totalIsLowerBound").GetBoolean());
        Assert.Equal(1_000, api.GetProperty("total").GetInt32());

        // The last page counts exactly again and shows no Next link.
        var last = (held + 24) / 25;
        var end = WebUtility.HtmlDecode(await worker.GetStringAsync($"/Cases?Page={last}", Ct));
        Assert.Contains($"{held} case(s), page {last} of {last}.", System.Text.RegularExpressions.Regex.Match(end, "<p role=\"status\">[^<]*</p>").Value, StringComparison.Ordinal);
        Assert.DoesNotContain(">Next</a>", end, StringComparison.Ordinal);
        Assert.DoesNotContain("not valid", end, StringComparison.Ordinal);

        // Page 2 follows page 1 (the Next link's target), and a page number that is not a number is a field error.
        var second = WebUtility.HtmlDecode(await worker.GetStringAsync("/Cases?Page=2", Ct));
        Assert.Contains("More than 1,025 cases, page 2.", second, StringComparison.Ordinal);
        var bad = WebUtility.HtmlDecode(await worker.GetStringAsync("/Cases?Page=two", Ct));
        Assert.Contains("The page must be a whole number.", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APagePastTheEnd_SaysWhereTheListEnds_AndLinksThere_KeepingTheFilters()
    {
        // Found by hand: "/Cases?Status=Active&Page=14" of 13 pages read "322 case(s), page 14 of 13." over an empty table.
        await using var app = new PalermoApplication();
        var worker = await app.SignInAsAsync(Role.CaseWorker);
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.Created, (await worker.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input(), Ct)).StatusCode);

        var page = WebUtility.HtmlDecode(await worker.GetStringAsync("/Cases?Status=Active&Page=3", Ct));
        var status = System.Text.RegularExpressions.Regex.Match(page, "<p role=\"status\">.*?</p>").Value;
        Assert.Contains("2 case(s); the list ends at page 1.", status, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/Cases?Status=Active&Page=1\">Go to page 1</a>", status, StringComparison.Ordinal);
        Assert.DoesNotContain("of 1", status, StringComparison.Ordinal);
    }
}
