using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Statistics.Publications;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Statistics;

public sealed class PublicationWorkflowTests(StatisticsWorld w) : IClassFixture<StatisticsWorld>
{
    [Fact]
    public async Task Publication_DraftApproveWithdraw_VisibleOnlyWhileApproved()
    {
        var title = "Victims 2022-2026 " + Guid.NewGuid().ToString("N")[..6];
        var id = await DraftAsync(w.Clients[Role.Analyst], title);
        var anonymous = w.Web.Browser();
        Assert.DoesNotContain(title, await anonymous.GetStringAsync("/Public/Statistics", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/Public/Statistics/{id}", TestContext.Current.CancellationToken)).StatusCode);

        // The analyst cannot approve; the coordinator can.
        var refused = await PalermoApplication.PostFormAsync(w.Clients[Role.Analyst], $"/Statistics/Publications?id={id}", [], "Approve");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var approved = await PalermoApplication.PostFormAsync(w.Clients[Role.NationalCoordinator], $"/Statistics/Publications?id={id}", [], "Approve");
        Assert.Contains("Approved and published.", await (await PalermoApplication.FollowAsync(w.Clients[Role.NationalCoordinator], approved, "/Statistics/Publications")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        Assert.Contains(title, await anonymous.GetStringAsync("/Public/Statistics", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var page = await anonymous.GetStringAsync($"/Public/Statistics/{id}", TestContext.Current.CancellationToken);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("Domestic share", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Detected persons by form", page, StringComparison.Ordinal);

        var withdrawn = await PalermoApplication.PostFormAsync(w.Clients[Role.NationalCoordinator], $"/Statistics/Publications?id={id}", [], "Withdraw");
        Assert.Contains("Withdrawn.", await (await PalermoApplication.FollowAsync(w.Clients[Role.NationalCoordinator], withdrawn, "/Statistics/Publications")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.DoesNotContain(title, await anonymous.GetStringAsync("/Public/Statistics", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/Public/Statistics/{id}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Approve_OwnDraft_RefusedAndStaysDraft()
    {
        var id = await DraftAsync(w.Clients[Role.NationalCoordinator], "Own draft " + Guid.NewGuid().ToString("N")[..6]);
        var res = await PalermoApplication.PostFormAsync(w.Clients[Role.NationalCoordinator], $"/Statistics/Publications?id={id}", [], "Approve");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains("someone other than its author", await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(PublicationState.Draft, await StateAsync(id));
    }

    [Fact]
    public async Task PublicPage_ApprovedSnapshot_IsFrozenAgainstLiveData()
    {
        var id = await DraftAsync(w.Clients[Role.Analyst], "Frozen " + Guid.NewGuid().ToString("N")[..6]);
        await PalermoApplication.PostFormAsync(w.Clients[Role.NationalCoordinator], $"/Statistics/Publications?id={id}", [], "Approve");
        var before = await w.Web.Browser().GetStringAsync($"/Public/Statistics/{id}", TestContext.Current.CancellationToken);
        await w.Web.With(sp => sp.GetRequiredService<Palermo.Demo.SeedDemo>().HandleAsync(50, 99, Actor.Cli));
        var after = await w.Web.Browser().GetStringAsync($"/Public/Statistics/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(before, after);
    }

    [Fact]
    public void Entity_Approve_GuardsItsState()
    {
        var author = Guid.NewGuid();
        var p = StatisticsPublication.Draft("T", null, 2024, 2024, ["SEX_AGE"], author, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var snapshot = new StatisticsSnapshot(2024, 2024, 5, false, [], []);
        Assert.Throws<DomainException>(() => p.Approve(author, snapshot, DateTime.UnixEpoch));
        Assert.Throws<DomainException>(() => p.Approve(Guid.NewGuid(), snapshot with { Unsuppressed = true }, DateTime.UnixEpoch));
        p.Approve(Guid.NewGuid(), snapshot, DateTime.UnixEpoch);
        Assert.Throws<DomainException>(() => p.Approve(Guid.NewGuid(), snapshot, DateTime.UnixEpoch));
        p.Withdraw(Guid.NewGuid(), DateTime.UnixEpoch);
        Assert.Throws<DomainException>(() => p.Withdraw(Guid.NewGuid(), DateTime.UnixEpoch));
    }

    private async Task<Guid> DraftAsync(HttpClient client, string title)
    {
        var res = await PalermoApplication.PostFormAsync(client, "/Statistics/Publications",
            new() { ["Title"] = title, ["Text"] = "Detected victims.", ["FromYear"] = "2022", ["ToYear"] = "2026", ["Parts"] = "chart-sex-age" }, "Draft");
        Assert.True(res.StatusCode == HttpStatusCode.SeeOther, await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        // The notice shows once, on the page the draft redirected to (Post/Redirect/Get).
        var shown = await PalermoApplication.FollowAsync(client, res, "/Statistics/Publications");
        Assert.Contains("Draft saved.", await shown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        return await w.Web.With(sp => sp.GetRequiredService<PalermoDbContext>().Set<StatisticsPublication>().Where(p => p.Title == title).Select(p => p.Id).SingleAsync());
    }

    private Task<PublicationState> StateAsync(Guid id) =>
        w.Web.With(sp => sp.GetRequiredService<PalermoDbContext>().Set<StatisticsPublication>().Where(p => p.Id == id).Select(p => p.State).SingleAsync());
}
