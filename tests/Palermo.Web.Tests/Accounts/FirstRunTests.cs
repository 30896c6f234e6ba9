using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Accounts;

/// <summary>The README's path: setup link → first administrator → MFA enrolment → organisation → user.</summary>
public sealed partial class FirstRunTests
{
    [Fact]
    public async Task FirstRun_SetupLinkToFirstUser_WorksEndToEnd()
    {
        using var app = new PalermoApplication();
        var token = (await app.With(sp => sp.GetRequiredService<SetupLink>().HandleAsync()))!;
        var client = app.Browser();
        const string email = "admin@coordinator.example";
        const string password = "seven lanterns over the harbour";

        var weak = await PalermoApplication.PostFormAsync(client, $"/Account/Setup?token={token}",
            new() { ["Token"] = token, ["Email"] = email, ["Password"] = "password12345", ["Confirm"] = "password12345" });
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("too common", await weak.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var setup = await PalermoApplication.PostFormAsync(client, $"/Account/Setup?token={token}",
            new() { ["Token"] = token, ["Email"] = email, ["Password"] = password, ["Confirm"] = password });
        Assert.Equal(HttpStatusCode.Redirect, setup.StatusCode);

        // The link is single use.
        var again = await client.GetStringAsync($"/Account/Setup?token={token}", TestContext.Current.CancellationToken);
        Assert.Contains("expired or has already been used", again, StringComparison.Ordinal);

        // Password alone leads to enrolment and nowhere else.
        var signIn = await PalermoApplication.PostFormAsync(client, "/Account/SignIn", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal("/Account/Mfa", signIn.Headers.Location!.OriginalString);
        var blocked = await client.GetAsync("/Admin/Organisations", TestContext.Current.CancellationToken);
        Assert.Equal("/Account/Mfa", blocked.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/users", TestContext.Current.CancellationToken)).StatusCode);

        var mfaPage = await client.GetStringAsync("/Account/Mfa", TestContext.Current.CancellationToken);
        Assert.Contains("<svg", mfaPage, StringComparison.Ordinal);
        var secret = SecretOnPage().Match(mfaPage).Groups[1].Value;
        var wrong = await PalermoApplication.PostFormAsync(client, "/Account/Mfa", new() { ["Code"] = "000000" });
        Assert.Contains("not valid", await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var enrolled = await PalermoApplication.PostFormAsync(client, "/Account/Mfa", new() { ["Code"] = await Palermo.Testing.TestTotp.NextAsync(secret) });
        var codesPage = await enrolled.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("recovery-codes", codesPage, StringComparison.Ordinal);

        var orgs = await PalermoApplication.PostFormAsync(client, "/Admin/Organisations", new() { ["Name"] = "Harbour NGO", ["Kind"] = "NonGovernmentalOrganisation", ["Country"] = "ITA" });
        Assert.Equal(HttpStatusCode.SeeOther, orgs.StatusCode);
        var list = await client.GetStringAsync("/Admin/Organisations", TestContext.Current.CancellationToken);
        Assert.Contains("Harbour NGO", list, StringComparison.Ordinal);

        var orgId = OrgIdOnPage().Match(await client.GetStringAsync("/Admin/Users", TestContext.Current.CancellationToken)).Groups[1].Value;
        var user = await PalermoApplication.PostFormAsync(client, "/Admin/Users", new() { ["Email"] = "worker@harbour.example", ["Organisation"] = orgId, ["Roles"] = "CaseWorker" });
        var usersPage = await user.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Matches("id=\"issued-link\">http://localhost:5080/Account/Welcome\\?token=", usersPage);
        Assert.Contains("worker@harbour.example", usersPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_WhenAnAccountExists_IsClosed()
    {
        using var app = new PalermoApplication();
        var token = (await app.With(sp => sp.GetRequiredService<SetupLink>().HandleAsync()))!;
        await app.UserWithRoleAsync(Role.CaseWorker);
        Assert.Null(await app.With(sp => sp.GetRequiredService<SetupLink>().HandleAsync()));
        var page = await app.Browser().GetStringAsync($"/Account/Setup?token={token}", TestContext.Current.CancellationToken);
        Assert.Contains("expired or has already been used", page, StringComparison.Ordinal);
    }

    [GeneratedRegex("<code id=\"secret\">([A-Z2-7]+)</code>")]
    private static partial Regex SecretOnPage();

    [GeneratedRegex("<option value=\"([0-9a-f-]{36})\"")]
    private static partial Regex OrgIdOnPage();
}
