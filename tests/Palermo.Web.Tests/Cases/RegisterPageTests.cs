using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>The registration form through the real page: a refused form comes back with everything typed, and saves nothing.</summary>
public sealed class RegisterPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Form(string birthDate) => new()
    {
        ["Input.GivenName"] = "Olena", ["Input.FamilyName"] = "Kovalenko", ["Input.BirthDate"] = birthDate, ["Input.Gender"] = "Feminine",
        ["Citizenships"] = "UKR", ["Input.IdentificationDate"] = "2026-01-15", ["Input.CountryOfDetection"] = "ITA",
        ["Input.TraffickingStatus"] = "PossibleVictimOfTrafficking", ["Input.Risk"] = "High", ["Input.ChildAtExploitation"] = "true",
        ["Input.Guardian"] = "Maria Rossi", ["Input.Exploitation"] = "ForcedBegging", ["Input.MethodsOfControl"] = "WithholdsDocuments",
        ["EventTypes"] = "Recruitment", ["EventCountries"] = "UKR", ["EventDates"] = "2025-12-01",
    };

    [Fact]
    public async Task RefusedForm_NamesTheField_KeepsEverythingTyped_AndSavesNothing()
    {
        using var web = new PalermoApplication();
        var org = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var client = await web.SignInAsync(await web.CreateUserAsync(Role.CaseWorker, org.Id));

        var refused = await PalermoApplication.PostFormAsync(client, "/Cases/Register", Form("2026-02-01"));
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct));
        Assert.Contains("id=\"birthDate-error\"", html, StringComparison.Ordinal);
        // The focus is on the field to fix, and only there.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "autofocus"));
        Assert.Matches("<input[^>]*aria-describedby=\"birthDate-error\"[^>]*autofocus", html);
        foreach (var kept in new[]
        {
            "value=\"Olena\"", "value=\"Kovalenko\"", "value=\"2026-02-01\"", "value=\"UKR\"", "value=\"Maria Rossi\"",
            "name=\"Input.ChildAtExploitation\" value=\"true\" checked=\"checked\"",
            "value=\"ForcedBegging\" checked=\"checked\"", "value=\"WithholdsDocuments\" checked=\"checked\"",
            "<option value=\"High\" selected=\"selected\">High</option>", "value=\"2025-12-01\"",
        })
            Assert.Contains(kept, html, StringComparison.Ordinal);
        Assert.Equal(0, await web.With(sp => sp.GetRequiredService<PalermoDbContext>().Cases.CountAsync(Ct)));

        var saved = await PalermoApplication.PostFormAsync(client, "/Cases/Register", Form("2012-02-01"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.StartsWith("/Cases/View/", saved.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(1, await web.With(sp => sp.GetRequiredService<PalermoDbContext>().Cases.CountAsync(Ct)));
    }
}
