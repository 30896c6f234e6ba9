using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Palermo.Accounts;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Security;

public sealed class HttpHardeningTests : IClassFixture<HttpHardeningTests.App>
{
    private readonly App _app;

    public HttpHardeningTests(App app) => _app = app;

    public sealed class App : IAsyncLifetime
    {
        public PalermoApplication Web { get; } = new();
        public HttpClient Admin { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Admin = await Web.SignInAsAsync(Role.SystemAdministrator);

        public ValueTask DisposeAsync()
        {
            Web.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Pages_CarryStrictSecurityHeadersAndNoStore()
    {
        var res = await _app.Admin.GetAsync("/Admin/Users", TestContext.Current.CancellationToken);
        var csp = string.Join(";", res.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", res.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(res.Headers.CacheControl!.NoStore);
        var html = await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        // No inline script: the only script is the session warning's static file (docs/accessibility.md, 2.2.1).
        Assert.DoesNotMatch("(?i)<script(?![^>]* src=\"/js/session\\.js\\?v=[^\"]+\" defer></script>)", html);
        Assert.Contains("<script src=\"/js/session.js?v=", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_IsPublicAndSaysHealthy()
    {
        var res = await _app.Web.Browser().GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("Healthy", await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("""{"name":"","kind":"Shelter","country":"ITA"}""", "name")]
    [InlineData("""{"name":"A","kind":"Castle","country":"ITA"}""", "kind")]
    [InlineData("""{"name":"A","kind":"Shelter","country":"Atlantis"}""", "country")]
    [InlineData("""{"kind":"Shelter","country":"ITA"}""", "name")]
    public async Task CreateOrganisationApi_BadField_ProblemNamesTheField(string json, string field)
    {
        var res = await _app.Admin.PostAsync("/api/v1/organisations", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType!.MediaType);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(doc.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task CreateOrganisationApi_NameTooLong_IsRefusedAndNothingSaved()
    {
        var name = new string('n', 201);
        var res = await _app.Admin.PostAsJsonAsync("/api/v1/organisations", new { name, kind = "Shelter", country = "ITA" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        var list = await _app.Admin.GetStringAsync("/api/v1/organisations", TestContext.Current.CancellationToken);
        Assert.DoesNotContain(name, list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_MalformedJson_Is400Problem()
    {
        var res = await _app.Admin.PostAsync("/api/v1/organisations", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Api_OversizedBody_Is413NotA500()
    {
        var big = "{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\",\"kind\":\"Shelter\",\"country\":\"ITA\"}";
        var res = await _app.Admin.PostAsync("/api/v1/organisations", new StringContent(big, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, res.StatusCode);
    }

    [Fact]
    public async Task CreateUserApi_UnknownRole_ProblemNamesRoles()
    {
        var orgs = await _app.Admin.GetFromJsonAsync<List<Palermo.Organisations.OrganisationSummary>>("/api/v1/organisations", PalermoApplication.Json, TestContext.Current.CancellationToken);
        var res = await _app.Admin.PostAsJsonAsync("/api/v1/users", new { email = "x@example.org", organisation = orgs![0].Id.ToString(), roles = new[] { "Overlord" } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Contains("\"roles\"", await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_PostWithoutAntiforgeryToken_IsRejected()
    {
        var res = await _app.Admin.PostAsync("/Admin/Organisations", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "CSRF Org", ["Kind"] = "Shelter", ["Country"] = "ITA" }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.DoesNotContain("CSRF Org", await _app.Admin.GetStringAsync("/Admin/Organisations", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrganisationForm_BadCountry_ErrorLinkedToTheField()
    {
        var res = await PalermoApplication.PostFormAsync(_app.Admin, "/Admin/Organisations", new() { ["Name"] = "Form Org", ["Kind"] = "Shelter", ["Country"] = "ZZ" });
        var html = await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("aria-describedby=\"country-error\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"country-error\"", html, StringComparison.Ordinal);
    }
}
