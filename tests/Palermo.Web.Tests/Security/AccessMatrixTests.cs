using System.Net;
using System.Net.Http.Json;
using Palermo.Accounts;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Security;

/// <summary>Every administrative page and endpoint × every role: allowed, or 404 as if it did not exist.</summary>
public sealed class AccessMatrixTests : IClassFixture<AccessMatrixTests.App>
{
    private readonly App _app;

    public AccessMatrixTests(App app) => _app = app;

    public sealed class App : IAsyncLifetime
    {
        public PalermoApplication Web { get; } = new();
        public Dictionary<Role, HttpClient> Clients { get; } = [];

        public async ValueTask InitializeAsync()
        {
            foreach (var role in Enum.GetValues<Role>()) Clients[role] = await Web.SignInAsAsync(role);
        }

        public ValueTask DisposeAsync()
        {
            Web.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    public static TheoryData<Role> Roles => new(Enum.GetValues<Role>());

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task OrganisationsPage_OnlySystemAdministrator(Role role) =>
        Assert.Equal(role == Role.SystemAdministrator ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            (await _app.Clients[role].GetAsync("/Admin/Organisations", TestContext.Current.CancellationToken)).StatusCode);

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task ServiceCatalogue_PageAndApi_OnlySystemAdministrator(Role role)
    {
        var client = _app.Clients[role];
        var ct = TestContext.Current.CancellationToken;
        var admin = role == Role.SystemAdministrator;
        Assert.Equal(admin ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync("/Admin/ServiceTypes", ct)).StatusCode);
        Assert.Equal(admin ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/service-types", ct)).StatusCode);
        var code = "by-" + role.ToString().ToLowerInvariant();
        Assert.Equal(admin ? HttpStatusCode.Created : HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/v1/service-types", new { code, name = "Added by " + role }, ct)).StatusCode);
        Assert.Equal(admin ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/api/v1/service-types/education", new { name = "Education" }, ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task UsersPage_SystemAndOrganisationAdministrators(Role role) =>
        Assert.Equal(role is Role.SystemAdministrator or Role.OrganisationAdministrator ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            (await _app.Clients[role].GetAsync("/Admin/Users", TestContext.Current.CancellationToken)).StatusCode);

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task CreateOrganisationApi_OnlySystemAdministrator(Role role)
    {
        var res = await _app.Clients[role].PostAsJsonAsync("/api/v1/organisations", new { name = "Org by " + role, kind = "Shelter", country = "ITA" }, TestContext.Current.CancellationToken);
        Assert.Equal(role == Role.SystemAdministrator ? HttpStatusCode.Created : HttpStatusCode.NotFound, res.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task UsersApi_AdministratorsSeeAccounts_OthersNotFound(Role role)
    {
        var res = await _app.Clients[role].GetAsync("/api/v1/users", TestContext.Current.CancellationToken);
        Assert.Equal(role is Role.SystemAdministrator or Role.OrganisationAdministrator ? HttpStatusCode.OK : HttpStatusCode.NotFound, res.StatusCode);
    }

    [Fact]
    public async Task UsersApi_OrganisationAdministrator_SeesOnlyOwnOrganisation()
    {
        var users = await _app.Clients[Role.OrganisationAdministrator].GetFromJsonAsync<List<UserSummary>>("/api/v1/users", PalermoApplication.Json, TestContext.Current.CancellationToken);
        var all = await _app.Clients[Role.SystemAdministrator].GetFromJsonAsync<List<UserSummary>>("/api/v1/users", PalermoApplication.Json, TestContext.Current.CancellationToken);
        Assert.Single(users!);
        Assert.True(all!.Count >= Enum.GetValues<Role>().Length);
    }

    [Fact]
    public async Task Api_WithoutSession_Is401AndPagesRedirectToSignIn()
    {
        var anon = _app.Web.Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/v1/users", TestContext.Current.CancellationToken)).StatusCode);
        var page = await anon.GetAsync("/Admin/Users", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/SignIn", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_ForAdministrators_DescribesTheApi()
    {
        var doc = await _app.Clients[Role.SystemAdministrator].GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Contains("/api/v1/organisations", doc, StringComparison.Ordinal);
        Assert.Contains("/api/v1/users", doc, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Clients[Role.CaseWorker].GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).StatusCode);
    }
}
