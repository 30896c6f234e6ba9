using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.CrossAgency;
using Palermo.Organisations;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Linkage;

public sealed partial class LinkagePageTests(LinkagePageTests.App app) : IClassFixture<LinkagePageTests.App>
{
    public sealed class App : IAsyncLifetime
    {
        public PalermoApplication Web { get; } = new();
        public Dictionary<Role, HttpClient> Clients { get; } = [];
        public Guid ProjectId { get; private set; }

        public async ValueTask InitializeAsync()
        {
            var office = await Web.CreateOrganisationAsync("National Office", OrganisationKind.NationalCoordinator);
            var coordinator = await Web.CreateUserAsync(Role.NationalCoordinator, office.Id);
            var actor = new Actor(coordinator.Id, office.Id, new HashSet<Role> { Role.NationalCoordinator }, "127.0.0.1");
            ProjectId = (await Web.With(sp => sp.GetRequiredService<CreateLinkageProject>().HandleAsync("Regional review", actor))).Id;
            foreach (var role in Enum.GetValues<Role>())
            {
                Clients[role] = role == Role.NationalCoordinator ? await Web.SignInAsync(coordinator) : await Web.SignInAsAsync(role);
            }
        }

        public ValueTask DisposeAsync()
        {
            Web.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    public static TheoryData<Role> Roles => new(Enum.GetValues<Role>());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task CoordinatorPages_OnlyNationalCoordinator(Role role)
    {
        var expected = role == Role.NationalCoordinator ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        Assert.Equal(expected, (await app.Clients[role].GetAsync("/Linkage", Ct)).StatusCode);
        Assert.Equal(expected, (await app.Clients[role].GetAsync($"/Linkage/Project?id={app.ProjectId}", Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task SubmitPage_OnlyStaffWhoEditCases(Role role)
    {
        var expected = RolePermissions.For(role).Contains(Permission.EditCases) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        Assert.Equal(expected, (await app.Clients[role].GetAsync("/Linkage/Submit", Ct)).StatusCode);
    }

    [Fact]
    public async Task ProjectPage_UnknownProject_NotFound() =>
        Assert.Equal(HttpStatusCode.NotFound, (await app.Clients[Role.NationalCoordinator].GetAsync($"/Linkage/Project?id={Guid.NewGuid()}", Ct)).StatusCode);

    [Fact]
    public async Task Upload_CorruptBase64_ShowsAFieldErrorOnTheFile()
    {
        var res = await UploadAsync("{\"clks\": [\"%%% not base64 %%%\"]}"u8.ToArray());

        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var page = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync(Ct));
        Assert.Contains("id=\"file-error\"", page, StringComparison.Ordinal);
        Assert.Contains("encoding 0 is not valid base64", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_LargerThanTheGeneralLimit_IsAcceptedOnThisPathOnly()
    {
        // 1.5 MB of valid 1024-bit encodings: over the 1 MB limit of every other request, under the upload limit.
        var clk = "\"" + Convert.ToBase64String(new byte[128]) + "\"";
        var json = Encoding.UTF8.GetBytes("{\"clks\": [" + string.Join(',', Enumerable.Repeat(clk, 9000)) + "]}");
        Assert.True(json.Length > 1024 * 1024);
        var res = await PalermoApplication.FollowAsync(app.Clients[Role.NationalCoordinator], await UploadAsync(json, "Border police (large)"), $"/Linkage/Project?id={app.ProjectId}");
        var page = await res.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains("File added.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("file-error", page, StringComparison.Ordinal);
        Assert.Contains("9000", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitPage_CaseWorkerSubmitsConsentingPersonAndDownloadsClkhashJson()
    {
        var org = await app.Web.CreateOrganisationAsync("Harbour " + Guid.NewGuid().ToString("N")[..6]);
        var worker = await app.Web.CreateUserAsync(Role.CaseWorker, org.Id);
        var actor = new Actor(worker.Id, org.Id, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        var input = new CaseInput
        {
            GivenName = "Olena", FamilyName = "Kovalenko", BirthDate = "1998-04-12", Gender = "Feminine", Citizenships = ["UA"],
            TraffickingStatus = "PossibleVictimOfTrafficking", Exploitation = ["SexualExploitation"], CountryOfDetection = "ITA",
            IdentificationDate = "2026-02-10", Risk = "High",
        };
        var registered = await app.Web.With(sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(input, actor));
        await app.Web.With(sp => sp.GetRequiredService<RecordConsent>().HandleAsync(registered.CaseId, new("CrossAgencyLinkage", "Written", null), actor));
        var client = await app.Web.SignInAsync(worker);
        var url = $"/Linkage/Submit?id={app.ProjectId}";

        var submitted = await PalermoApplication.FollowAsync(client, await PalermoApplication.PostFormAsync(client, url, [], "Export"), "/Linkage/Submit");
        var page = await submitted.Content.ReadAsStringAsync(Ct);
        var download = await PalermoApplication.PostFormAsync(client, url, [], "Download");
        var json = await download.Content.ReadAsStringAsync(Ct);

        Assert.Contains("Submitted 1 encodings.", page, StringComparison.Ordinal);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("{\"clks\":[", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Olena", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Kovalenko", page + json, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<HttpResponseMessage> UploadAsync(byte[] file, string label = "Border police")
    {
        var client = app.Clients[Role.NationalCoordinator];
        var url = $"/Linkage/Project?id={app.ProjectId}";
        var token = AntiforgeryField().Match(await client.GetStringAsync(url, Ct));
        Assert.True(token.Success);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token.Groups[1].Value), "__af" },
            { new StringContent(label), "label" },
            { new ByteArrayContent(file), "file", "agency.json" },
        };
        return await client.PostAsync(url + "&handler=Upload", form, Ct);
    }

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
