using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Testing;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>
/// Post/Redirect/Get on the case page: a saved consent, service or note answers 303 to the case page's own address
/// (its id, no handler), the notice shows once, and loading that address again records nothing twice. A refused post
/// is the page itself with the error at its field and what was typed — no redirect.
/// </summary>
public sealed class CasePagePostRedirectGetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task SavedForms_RedirectToTheCase_NoticeOnce_ReloadRecordsNothing_RefusalsStay_Sqlite() => RunAsync(null);

    [Fact]
    public async Task SavedForms_RedirectToTheCase_NoticeOnce_ReloadRecordsNothing_RefusalsStay_Postgres() => await RunAsync(await TestEnv.CreatePostgresDatabaseAsync());

    private static async Task RunAsync(string? postgres)
    {
        using var web = new PalermoApplication(postgres);
        var ngo = await web.CreateOrganisationAsync("Harbour NGO");
        var shelter = await web.CreateOrganisationAsync("Safe House");
        var workerUser = await web.CreateUserAsync(Role.CaseWorker, ngo.Id);
        var worker = await web.SignInAsync(workerUser);
        var actor = new Actor(workerUser.Id, ngo.Id, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        var registered = await web.With(sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(CaseAccessMatrixTests.Input(), actor));
        var url = $"/Cases/View/{registered.CaseId}";

        // Consent: 303 to the case itself; the page shows the notice once, in the focused status notice.
        var posted = await PalermoApplication.PostFormAsync(worker, url, new() { ["Purpose"] = "Referral", ["RecordedAs"] = "Written", ["Recipient"] = shelter.Id.ToString() }, "Consent");
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal(url, posted.Headers.Location?.OriginalString);
        var page = await (await PalermoApplication.FollowAsync(worker, posted, url)).Content.ReadAsStringAsync(Ct);
        Assert.Matches("<p class=\"notice\" role=\"status\"[^>]*\\sautofocus[^>]*>Consent recorded.</p>", page);
        Assert.Contains("<title>Consent recorded – Case · Palermo</title>", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        // Loading the address again (a reload) shows the case without the notice and records nothing.
        var reloaded = await worker.GetStringAsync(url, Ct);
        Assert.DoesNotContain("Consent recorded.", reloaded, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(web, db => db.Consents.CountAsync(k => db.Cases.Any(c => c.Id == registered.CaseId && c.PersonId == k.PersonId), Ct)));

        // Service and note: the same.
        var service = await PalermoApplication.PostAndFollowAsync(worker, url, new()
        {
            ["ServiceCode"] = "shelter", ["StartDate"] = "2026-01-20", ["ServiceEndDate"] = "", ["ServiceStatus"] = "Planned", ["ServiceOutcome"] = "",
        }, "Service");
        Assert.Contains("Service recorded.", await service.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var note = await PalermoApplication.PostAndFollowAsync(worker, url, new() { ["NoteText"] = "Asked for an interpreter." }, "Note");
        Assert.Contains("Note added.", await note.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("Note added.", await worker.GetStringAsync(url, Ct), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(web, db => db.Services.CountAsync(s => s.CaseId == registered.CaseId, Ct)));
        var view = await worker.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/cases/{registered.CaseId}", Ct);
        Assert.Equal(1, view.GetProperty("notes").GetArrayLength());

        // Refused: no redirect; the page itself, the error at its field, what was typed kept, nothing saved.
        var refused = await PalermoApplication.PostFormAsync(worker, url, new()
        {
            ["ServiceCode"] = "shelter", ["StartDate"] = "2026-01-20", ["ServiceEndDate"] = "2026-01-19", ["ServiceStatus"] = "Delivered", ["ServiceOutcome"] = "Typed outcome",
        }, "Service");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"endDate-error\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Typed outcome\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Service recorded.", html, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(web, db => db.Services.CountAsync(s => s.CaseId == registered.CaseId, Ct)));

        // A stale close form (409 in the use case) is refused on the page, not redirected.
        var stale = await PalermoApplication.PostFormAsync(worker, url, new() { ["Version"] = "999", ["CloseAs"] = "FollowUp" }, "Close");
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("changed by someone else", await stale.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static Task<int> CountAsync(PalermoApplication web, Func<PalermoDbContext, Task<int>> count) =>
        web.With(sp => count(sp.GetRequiredService<PalermoDbContext>()));
}
