using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Accounts;

/// <summary>
/// An administrator deactivates an account when someone leaves (every session ends at once, sign-in is answered as
/// for an unknown address, sign-in links stop working), reactivates it, and changes its roles (they apply from the
/// next page, without signing the person out).
/// </summary>
public sealed class AccountAdministrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deactivate_EndsEverySessionAtOnce_StopsSignInAndLinks_ReactivateLetsThePersonBackIn()
    {
        using var app = new PalermoApplication();
        var org = await app.CreateOrganisationAsync("Leavers NGO");
        var admin = await app.SignInAsync(await app.CreateUserAsync(Role.OrganisationAdministrator, org.Id));
        var worker = await app.CreateUserAsync(Role.CaseWorker, org.Id);
        var phone = await app.SignInAsync(worker);
        var laptop = await app.SignInAsync(worker);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/v1/me", Ct)).StatusCode);

        // A second account, created with a welcome link not used yet.
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email = "new.starter@leavers.example", organisation = org.Id.ToString(), roles = new[] { "CaseWorker" } }, Ct);
        var starter = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var welcome = new Uri(starter.GetProperty("signInLink").GetString()!).PathAndQuery;

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{worker.Id}/deactivate", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{starter.GetProperty("userId").GetGuid()}/deactivate", null, Ct)).StatusCode);

        // Both sessions end at their next request, and the password no longer signs in (answered as for anyone).
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/v1/me", Ct)).StatusCode);
        Assert.Contains("/Account/SignIn", (await laptop.GetAsync("/Cases", Ct)).Headers.Location!.OriginalString, StringComparison.Ordinal);
        var signIn = await PalermoApplication.PostFormAsync(app.Browser(), "/Account/SignIn", new() { ["Email"] = worker.Email, ["Password"] = worker.Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("E-mail or password is wrong", await signIn.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("expired or has already been used", await app.Browser().GetStringAsync(welcome, Ct), StringComparison.Ordinal);

        // No new link for a deactivated account; deactivating twice says so.
        var link = await admin.PostAsJsonAsync($"/api/v1/users/{worker.Id}/sign-in-link", new { resetMfa = false }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, link.StatusCode);
        Assert.Contains("deactivated", await link.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var twice = await admin.PostAsync($"/api/v1/users/{worker.Id}/deactivate", null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("already deactivated", await twice.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var list = await admin.GetFromJsonAsync<List<UserSummary>>("/api/v1/users", PalermoApplication.Json, Ct);
        Assert.False(list!.Single(u => u.Id == worker.Id).IsActive);

        // Reactivated: the same password and authenticator work again.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{worker.Id}/reactivate", null, Ct)).StatusCode);
        var back = await app.SignInAsync(worker);
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/api/v1/me", Ct)).StatusCode);

        var events = await app.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries
            .Where(a => a.EntityId == worker.Id.ToString() && (a.Event == AuditEvent.UserDeactivated || a.Event == AuditEvent.UserReactivated))
            .OrderBy(a => a.Sequence).Select(a => a.Event).ToListAsync(Ct));
        Assert.Equal([AuditEvent.UserDeactivated, AuditEvent.UserReactivated], events);
    }

    [Fact]
    public async Task DeactivatedBetweenPasswordAndCode_TheCodeNoLongerSignsIn()
    {
        using var app = new PalermoApplication();
        var org = await app.CreateOrganisationAsync("Midway NGO");
        var admin = await app.SignInAsync(await app.CreateUserAsync(Role.OrganisationAdministrator, org.Id));
        var worker = await app.CreateUserAsync(Role.CaseWorker, org.Id);
        var client = app.Browser();
        var password = await PalermoApplication.PostFormAsync(client, "/Account/SignIn", new() { ["Email"] = worker.Email, ["Password"] = worker.Password });
        Assert.Equal("/Account/SignInMfa", password.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{worker.Id}/deactivate", null, Ct)).StatusCode);
        var code = await PalermoApplication.PostFormAsync(client, "/Account/SignInMfa", new() { ["Code"] = await Palermo.Testing.TestTotp.NextAsync(worker.TotpSecret) });
        Assert.Contains("/Account/SignIn?notice=expired", code.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", Ct)).StatusCode);
        // The half-signed-in state is gone too: the code page sends the browser back to the first step.
        Assert.Contains("/Account/SignIn", (await client.GetAsync("/Account/SignInMfa", Ct)).Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WelcomeLink_After72Hours_HasExpired_AndANewOneWorks()
    {
        using var app = new PalermoApplication();
        var org = await app.CreateOrganisationAsync("Slow Starter NGO");
        var adminUser = await app.CreateUserAsync(Role.OrganisationAdministrator, org.Id);
        var admin = await app.SignInAsync(adminUser);
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email = "late@starter.example", organisation = org.Id.ToString(), roles = new[] { "CaseWorker" } }, Ct);
        var starter = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var first = new Uri(starter.GetProperty("signInLink").GetString()!).PathAndQuery;

        app.Time.Advance(TimeSpan.FromHours(71));
        Assert.Contains("Set password", await app.Browser().GetStringAsync(first, Ct), StringComparison.Ordinal);
        app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Contains("expired or has already been used", await app.Browser().GetStringAsync(first, Ct), StringComparison.Ordinal);

        // Three days on, the administrator's own session has long ended too.
        admin = await app.SignInAsync(adminUser);
        var again = await admin.PostAsJsonAsync($"/api/v1/users/{starter.GetProperty("userId").GetGuid()}/sign-in-link", new { resetMfa = false }, Ct);
        var second = new Uri((await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("signInLink").GetString()!).PathAndQuery;
        var token = second.Split("token=")[1];
        var set = await PalermoApplication.PostFormAsync(app.Browser(), second, new() { ["Token"] = token, ["Password"] = "amber kettle under the northern bridge", ["Confirm"] = "amber kettle under the northern bridge" });
        var said = System.Text.RegularExpressions.Regex.Matches(await set.Content.ReadAsStringAsync(Ct), "class=\"(?:field-error|form-errors)[^>]*>([^<]*)<").Select(m => m.Groups[1].Value);
        Assert.True(set.StatusCode == HttpStatusCode.Redirect, string.Join(" | ", said));
    }

    [Fact]
    public async Task Deactivate_OnlyWithinReach_NeverOneself()
    {
        using var app = new PalermoApplication();
        var org = await app.CreateOrganisationAsync("Reach NGO");
        var adminUser = await app.CreateUserAsync(Role.OrganisationAdministrator, org.Id);
        var admin = await app.SignInAsync(adminUser);
        var elsewhere = await app.UserWithRoleAsync(Role.CaseWorker);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/users/{elsewhere.Id}/deactivate", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/v1/users/{elsewhere.Id}/roles", new { roles = new[] { "Analyst" } }, Ct)).StatusCode);
        var self = await admin.PostAsync($"/api/v1/users/{adminUser.Id}/deactivate", null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("your own account", await self.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var worker = await app.SignInAsAsync(Role.CaseWorker);
        // Outside a role's reach is "not found", as everywhere in the API.
        Assert.Equal(HttpStatusCode.NotFound, (await worker.PostAsync($"/api/v1/users/{adminUser.Id}/deactivate", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task ChangeRoles_ApplyFromTheNextRequest_WithoutSigningOut_AndFollowTheGrantRules()
    {
        using var app = new PalermoApplication();
        var org = await app.CreateOrganisationAsync("Promotions NGO");
        var adminUser = await app.CreateUserAsync(Role.OrganisationAdministrator, org.Id);
        var admin = await app.SignInAsync(adminUser);
        var worker = await app.CreateUserAsync(Role.CaseWorker, org.Id);
        var session = await app.SignInAsync(worker);
        Assert.Equal(["CaseWorker"], await RolesAsync(session));

        var changed = await admin.PutAsJsonAsync($"/api/v1/users/{worker.Id}/roles", new { roles = new[] { "CaseSupervisor", "Analyst" } }, Ct);
        Assert.True((await changed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("changed").GetBoolean());
        Assert.Equal(["Analyst", "CaseSupervisor"], await RolesAsync(session));
        var again = await admin.PutAsJsonAsync($"/api/v1/users/{worker.Id}/roles", new { roles = new[] { "Analyst", "CaseSupervisor" } }, Ct);
        Assert.False((await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("changed").GetBoolean());

        await AssertRefusedAsync(admin, worker.Id, ["SystemAdministrator"], "Only a system administrator");
        await AssertRefusedAsync(admin, worker.Id, [], "At least one role");
        await AssertRefusedAsync(admin, worker.Id, ["Baker"], "Unknown role");
        await AssertRefusedAsync(admin, adminUser.Id, ["CaseWorker"], "your own roles");
        Assert.Equal(["Analyst", "CaseSupervisor"], await RolesAsync(session));
        Assert.Equal(1, await app.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries
            .CountAsync(a => a.Event == AuditEvent.UserRolesChanged && a.EntityId == worker.Id.ToString(), Ct)));
    }

    [Fact]
    public async Task UsersPage_DeactivateAndChangeRoles_ShowWhatHappened_OwnRowOffersNeither()
    {
        using var app = new PalermoApplication();
        var org = await app.CreateOrganisationAsync("Page NGO");
        var adminUser = await app.CreateUserAsync(Role.OrganisationAdministrator, org.Id);
        var admin = await app.SignInAsync(adminUser);
        var worker = await app.CreateUserAsync(Role.CaseWorker, org.Id);

        var page = await admin.GetStringAsync("/Admin/Users", Ct);
        Assert.Contains($"{adminUser.Email} (you)", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"aria-label=\"Deactivate {adminUser.Email}\"", page, StringComparison.Ordinal);
        Assert.Contains($"aria-label=\"Deactivate {worker.Email}\"", page, StringComparison.Ordinal);

        var roles = await PalermoApplication.PostAndFollowAsync(admin, "/Admin/Users", new() { ["UserId"] = worker.Id.ToString(), ["Roles"] = "Investigator" }, "Roles");
        Assert.Contains("Roles changed", await roles.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var none = await admin.PostAsync("/Admin/Users?handler=Roles", await PalermoApplication.FormAsync(admin, "/Admin/Users", new() { ["UserId"] = worker.Id.ToString() }), Ct);
        var noneHtml = await none.Content.ReadAsStringAsync(Ct);
        Assert.Contains($"id=\"u-{worker.Id:N}-roles-error\"", noneHtml, StringComparison.Ordinal);
        Assert.Contains("At least one role", noneHtml, StringComparison.Ordinal);
        var refused = await admin.PostAsync("/Admin/Users?handler=Roles", await PalermoApplication.FormAsync(admin, "/Admin/Users",
            new() { ["UserId"] = adminUser.Id.ToString(), ["Roles"] = "Analyst" }), Ct);
        var refusedHtml = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Contains("your own roles", refusedHtml, StringComparison.Ordinal);
        // What was ticked in that row is not carried into the new-user form's checkboxes.
        Assert.DoesNotContain("value=\"Analyst\" checked", refusedHtml, StringComparison.Ordinal);

        var off = await PalermoApplication.PostAndFollowAsync(admin, "/Admin/Users", new() { ["UserId"] = worker.Id.ToString(), ["Active"] = "false" }, "Active");
        var offHtml = await off.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Deactivated: every session", offHtml, StringComparison.Ordinal);
        Assert.Contains($"aria-label=\"Reactivate {worker.Email}\"", offHtml, StringComparison.Ordinal);
        var garbled = await PalermoApplication.PostFormAsync(admin, "/Admin/Users", new() { ["UserId"] = worker.Id.ToString(), ["Active"] = "maybe" }, "Active");
        Assert.Contains("Choose whether the account is active", await garbled.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var list = await admin.GetFromJsonAsync<List<UserSummary>>("/api/v1/users", PalermoApplication.Json, Ct);
        var row = list!.Single(u => u.Id == worker.Id);
        Assert.False(row.IsActive);
        Assert.Equal([Role.Investigator], row.Roles);
    }

    [Fact]
    public async Task FindAccounts_ByPartOfTheAddress_OnThePageAndInTheApi_OnlyWithinReach()
    {
        using var app = new PalermoApplication();
        var org = await app.CreateOrganisationAsync("Finders NGO");
        var admin = await app.SignInAsync(await app.CreateUserAsync(Role.OrganisationAdministrator, org.Id));
        var analyst = await app.CreateUserAsync(Role.Analyst, org.Id);
        var worker = await app.CreateUserAsync(Role.CaseWorker, org.Id);
        var elsewhere = await app.UserWithRoleAsync(Role.Analyst);

        // The test accounts' addresses start with their role: "analyst-…@example.org".
        var found = await admin.GetFromJsonAsync<List<UserSummary>>("/api/v1/users?email=ANALYST-", PalermoApplication.Json, Ct);
        Assert.Equal([analyst.Id], found!.Select(u => u.Id));
        var page = await admin.GetStringAsync("/Admin/Users?find=analyst-", Ct);
        Assert.Contains(analyst.Email, page, StringComparison.Ordinal);
        Assert.DoesNotContain(worker.Email, page, StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere.Email, page, StringComparison.Ordinal);
        Assert.Contains(worker.Email, await admin.GetStringAsync("/Admin/Users", Ct), StringComparison.Ordinal);

        var tooLong = await admin.GetAsync("/api/v1/users?email=" + new string('a', 255), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var tooLongPage = await admin.GetStringAsync("/Admin/Users?find=" + new string('a', 255), Ct);
        Assert.Contains("id=\"find-error\"", tooLongPage, StringComparison.Ordinal);
        Assert.Contains(worker.Email, tooLongPage, StringComparison.Ordinal);
    }

    private static async Task<List<string>> RolesAsync(HttpClient client)
    {
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me", Ct);
        return me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal).ToList();
    }

    private static async Task AssertRefusedAsync(HttpClient admin, Guid id, string[] roles, string words)
    {
        var res = await admin.PutAsJsonAsync($"/api/v1/users/{id}/roles", new { roles }, Ct);
        var body = await res.Content.ReadAsStringAsync(Ct);
        Assert.True(res.StatusCode == HttpStatusCode.BadRequest, $"{string.Join(",", roles)}: {(int)res.StatusCode}");
        Assert.Contains(words, body, StringComparison.Ordinal);
        Assert.Contains("roles", body, StringComparison.Ordinal);
    }
}
