using System.Net;
using Palermo.Accounts;
using Palermo.Testing;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Security;

public sealed class ScaleOutTests
{
    /// <summary>
    /// Two web instances behind a load balancer share one PostgreSQL (and the key files): a session and an antiforgery
    /// token made on one are honoured by the other, because Data Protection keys live in the database.
    /// </summary>
    [Fact]
    public async Task TwoInstances_OnePostgres_SignInOnOneActOnTheOther()
    {
        var cs = await TestEnv.CreatePostgresDatabaseAsync();
        using var first = new PalermoApplication(cs);
        _ = first.Server;
        using var second = new PalermoApplication(cs, sharedDataDir: first.DataDir);
        var cookies = new CookieContainer();
        var onFirst = first.Browser(cookies);
        var onSecond = second.Browser(cookies);
        await first.SignInAsync(await first.UserWithRoleAsync(Role.SystemAdministrator), onFirst);

        var page = await onSecond.GetAsync("/Admin/Organisations", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        // A form rendered by the second instance, posted to the first.
        var post = await onFirst.PostAsync("/Admin/Organisations", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = token, ["Name"] = "Made across instances", ["Kind"] = "Shelter", ["Country"] = "ITA",
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.SeeOther, post.StatusCode);
        Assert.Contains("Made across instances", await onSecond.GetStringAsync("/Admin/Organisations", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
