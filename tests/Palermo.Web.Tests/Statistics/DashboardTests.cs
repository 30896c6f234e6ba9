using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Statistics.Disclosure;

namespace Palermo.Web.Tests.Statistics;

public sealed class DashboardTests(StatisticsWorld w) : IClassFixture<StatisticsWorld>
{
    [Fact]
    public async Task Dashboard_EveryRole_OnlyAnalystAndCoordinatorSeeIt()
    {
        foreach (var (role, client) in w.Clients)
        {
            var res = await client.GetAsync("/Statistics", TestContext.Current.CancellationToken);
            var expected = role is Role.Analyst or Role.NationalCoordinator ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            Assert.True(expected == res.StatusCode, $"{role}: {res.StatusCode}");
        }

        var anonymous = await w.Web.Browser().GetAsync("/Statistics", TestContext.Current.CancellationToken);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Analyst_ShowsChartsTablesAndDomesticShare()
    {
        var html = await w.Clients[Role.Analyst].GetStringAsync("/Statistics", TestContext.Current.CancellationToken);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Domestic share", html, StringComparison.Ordinal);
        Assert.Contains("Detected persons by sex and age", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        // The headline count; no cross-agency figure until a linkage run has completed.
        Assert.Contains("id=\"persons-counted\">Persons detected", html, StringComparison.Ordinal);
        Assert.Contains("deduplicated within each organisation's records", html, StringComparison.Ordinal);
        Assert.DoesNotContain("linkage estimate", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Filter.Kind=Police&Filter.From=&Filter.To=&Filter.Region=")]
    [InlineData("Filter.Kind=Shelter")]
    [InlineData("Filter.Region=Western+and+Southern+Europe")]
    public async Task Dashboard_ValidFilter_RendersCharts(string query)
    {
        var res = await w.Clients[Role.Analyst].GetAsync("/Statistics?" + query, TestContext.Current.CancellationToken);
        var html = await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(res.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_RegionChoice_NamesEachRegionOnce_AndSelectsOne()
    {
        // Found by hand: a GLOTIP region that is also its own subregion ("South Asia", "South America", …) was offered
        // twice, and once chosen both copies showed as selected.
        var html = await w.Clients[Role.Analyst].GetStringAsync("/Statistics?Filter.Region=South+Asia", TestContext.Current.CancellationToken);
        var select = html[html.IndexOf("name=\"Filter.Region\"", StringComparison.Ordinal)..];
        select = select[..select.IndexOf("</select>", StringComparison.Ordinal)];
        var values = System.Text.RegularExpressions.Regex.Matches(select, "<option value=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(values.Distinct(StringComparer.Ordinal), values);
        Assert.Contains("South America", values);
        Assert.Contains("Western and Southern Europe", values);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(select, "<option[^>]* selected"));
    }

    [Theory]
    [InlineData("Filter.From=abc", "Give a year")]
    [InlineData("Filter.From=2030&Filter.To=2020", "from")]
    [InlineData("Filter.From=1950", "from")]
    [InlineData("Filter.Kind=Bakery", "Choose a kind")]
    [InlineData("Filter.Region=Atlantis", "region")]
    public async Task Dashboard_BadFilter_FieldErrorNot500(string query, string text)
    {
        var res = await w.Clients[Role.Analyst].GetAsync("/Statistics?" + query, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var html = await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("field-error", html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csv", "indicator,year,country")]
    [InlineData("sdmx-csv", "STRUCTURE,STRUCTURE_ID")]
    [InlineData("json", "{")]
    [InlineData("xlsx", "PK")]
    [InlineData("ctdc", "yearOfRegistration")]
    public async Task Download_Analyst_AttachmentNoStoreAndAudited(string format, string start)
    {
        var before = await CountAsync(AuditEvent.StatisticsExported, AuditEvent.StatisticsCtdcExported);
        var res = await w.Clients[Role.Analyst].GetAsync($"/Statistics?handler=Download&format={format}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("attachment", res.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("no-store", res.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var body = await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith(start, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Publication.UnsuppressedNotice, body, StringComparison.Ordinal);
        Assert.Equal(before + 1, await CountAsync(AuditEvent.StatisticsExported, AuditEvent.StatisticsCtdcExported));
    }

    [Fact]
    public async Task Download_Unsuppressed_OnlyCoordinatorAndMarked()
    {
        var analyst = await w.Clients[Role.Analyst].GetAsync("/Statistics?handler=Download&format=csv&unsuppressed=true", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, analyst.StatusCode);
        var before = await CountAsync(AuditEvent.StatisticsUnsuppressedExported);
        var res = await w.Clients[Role.NationalCoordinator].GetAsync("/Statistics?handler=Download&format=csv&unsuppressed=true", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var body = await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("# " + Publication.UnsuppressedNotice, body, StringComparison.Ordinal);
        Assert.Equal(before + 1, await CountAsync(AuditEvent.StatisticsUnsuppressedExported));
    }

    [Fact]
    public async Task Download_UnknownFormat_NotFound()
    {
        var res = await w.Clients[Role.Analyst].GetAsync("/Statistics?handler=Download&format=pdf", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
    }

    private Task<int> CountAsync(params AuditEvent[] events) =>
        w.Web.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries.CountAsync(e => events.Contains(e.Event)));
}
