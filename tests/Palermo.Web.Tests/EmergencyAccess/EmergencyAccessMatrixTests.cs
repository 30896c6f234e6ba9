using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.EmergencyAccess;
using Palermo.Web.Tests.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.EmergencyAccess;

/// <summary>
/// Every emergency access page and endpoint × every role × the case's own or another organisation. Each test works on
/// a case of its own, so a grant never leaks into another test's expectation.
/// </summary>
public sealed class EmergencyAccessMatrixTests : IClassFixture<EmergencyAccessMatrixTests.World>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Reason = "Officer met the person at night and needs the guardian's name now";
    private readonly World _w;

    public EmergencyAccessMatrixTests(World w) => _w = w;

    public sealed class World : IAsyncLifetime
    {
        public PalermoApplication Web { get; } = new();
        public Dictionary<(Role, bool Own), HttpClient> Clients { get; } = [];
        public Guid OwnOrg { get; private set; }
        public Guid OtherOrg { get; private set; }

        public async ValueTask InitializeAsync()
        {
            OwnOrg = (await Web.CreateOrganisationAsync("Matrix Shelter", Palermo.Organisations.OrganisationKind.Shelter)).Id;
            OtherOrg = (await Web.CreateOrganisationAsync("Matrix Police", Palermo.Organisations.OrganisationKind.Police)).Id;
            foreach (var role in Enum.GetValues<Role>())
            {
                Clients[(role, true)] = await Web.SignInAsync(await Web.CreateUserAsync(role, OwnOrg));
                Clients[(role, false)] = await Web.SignInAsync(await Web.CreateUserAsync(role, OtherOrg));
            }
        }

        public ValueTask DisposeAsync()
        {
            Web.Dispose();
            return ValueTask.CompletedTask;
        }

        /// <summary>A new case of the own organisation: its id and reference.</summary>
        public async Task<(Guid Id, string Reference)> CaseAsync()
        {
            var res = await Clients[(Role.CaseWorker, true)].PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input(), Ct);
            var id = (await res.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!.CaseId;
            return (id, await Web.With(sp => sp.GetRequiredService<PalermoDbContext>().Cases.Where(c => c.Id == id).Select(c => c.Reference).SingleAsync(Ct)));
        }

        /// <summary>A running grant to a new case, opened by a fresh frontline officer of the other organisation.</summary>
        public async Task<OpenedEmergencyAccess> GrantAsync()
        {
            var (_, reference) = await CaseAsync();
            var opener = new Actor(Guid.NewGuid(), OtherOrg, new HashSet<Role> { Role.FrontlineOfficer }, "127.0.0.1");
            return await Web.With(sp => sp.GetRequiredService<OpenEmergencyAccess>().HandleAsync(new(reference, Reason, ["CaseDetails"]), opener, Ct));
        }
    }

    public static TheoryData<Role, bool> RolesAndOrgs()
    {
        var d = new TheoryData<Role, bool>();
        foreach (var r in Enum.GetValues<Role>()) { d.Add(r, true); d.Add(r, false); }
        return d;
    }

    private static bool BreaksGlass(Role r) => r is Role.FrontlineOfficer or Role.CaseWorker or Role.CaseSupervisor;

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task Pages(Role role, bool own)
    {
        var client = _w.Clients[(role, own)];
        Assert.Equal(BreaksGlass(role) ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync("/EmergencyAccess", Ct)).StatusCode);
        Assert.Equal(role == Role.DataProtectionOfficer ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync("/EmergencyAccess/Review", Ct)).StatusCode);
        Assert.Equal(BreaksGlass(role) ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/emergency-access/mine", Ct)).StatusCode);
        Assert.Equal(role == Role.DataProtectionOfficer ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/emergency-access/review", Ct)).StatusCode);
    }

    /// <summary>Only the break-glass roles of another organisation open a grant; it reads the case and writes nothing.</summary>
    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task OpenReadWriteEnd(Role role, bool own)
    {
        var client = _w.Clients[(role, own)];
        var (caseId, reference) = await _w.CaseAsync();
        var res = await client.PostAsJsonAsync("/api/v1/emergency-access", new { reference, reason = Reason, parts = new[] { "Identity", "CaseDetails" } }, Ct);
        var expected = !BreaksGlass(role) ? HttpStatusCode.NotFound : own ? HttpStatusCode.BadRequest : HttpStatusCode.Created;
        Assert.Equal(expected, res.StatusCode);
        if (expected != HttpStatusCode.Created) return;
        var grant = await res.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/cases/{caseId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Cases/View/{caseId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/notes", new { text = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cases/{caseId}/notes", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cases/{caseId}/person", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Cases/Edit/{caseId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Cases/Identity/{caseId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Cases/Attachments/{caseId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/v1/emergency-access/{grant.GetProperty("id").GetGuid()}/end", new { version = 0 }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cases/{caseId}", Ct)).StatusCode);
    }

    /// <summary>Someone else's grant: only its owner organisation's data protection officer or case supervisor revokes it.</summary>
    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task EndAndRevokeSomeoneElsesGrant(Role role, bool own)
    {
        var g = await _w.GrantAsync();
        var client = _w.Clients[(role, own)];
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/emergency-access/{g.Id}/end", new { }, Ct)).StatusCode);
        Assert.Equal(own && role is Role.CaseSupervisor or Role.DataProtectionOfficer ? HttpStatusCode.NoContent : HttpStatusCode.NotFound,
            (await client.PostAsJsonAsync($"/api/v1/emergency-access/{g.Id}/revoke", new { version = 0 }, Ct)).StatusCode);
    }

    /// <summary>Both organisations' data protection officers review; nobody else.</summary>
    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task Review(Role role, bool own)
    {
        var g = await _w.GrantAsync();
        Assert.Equal(role == Role.DataProtectionOfficer ? HttpStatusCode.NoContent : HttpStatusCode.NotFound,
            (await _w.Clients[(role, own)].PostAsJsonAsync($"/api/v1/emergency-access/{g.Id}/review", new { verdict = "Justified" }, Ct)).StatusCode);
    }
}
