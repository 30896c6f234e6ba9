using Palermo.Cases.Htcds;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Tests.Cases.Htcds;

/// <summary>org_Type: the owning organisation's kind as HTCDS names it on export; on import a checked picklist value naming the sender.</summary>
public sealed class HtcdsOrganisationTypeTests : IDisposable
{
    private const string Header = "org_Type,pal_ExternalId,prs_FirstName,pal_CountryOfDetection,pal_IdentificationDate";
    private readonly string _dir = Palermo.Testing.TestEnv.TempDir();

    [Fact]
    public void Mapping_IsExplicit_KindsWithoutAnHtcdsTypeHaveNone()
    {
        var expected = new Dictionary<OrganisationKind, HtcdsOrganisationType?>
        {
            [OrganisationKind.Government] = HtcdsOrganisationType.CentralGovernmentOrganisation,
            [OrganisationKind.InternationalOrganisation] = null,
            [OrganisationKind.NonGovernmentalOrganisation] = HtcdsOrganisationType.NGO,
            [OrganisationKind.CivilSociety] = HtcdsOrganisationType.NGO,
            [OrganisationKind.Police] = HtcdsOrganisationType.LawEnforcement,
            [OrganisationKind.Prosecution] = null,
            [OrganisationKind.LabourInspectorate] = HtcdsOrganisationType.CentralGovernmentOrganisation,
            [OrganisationKind.BorderAgency] = HtcdsOrganisationType.ImmigrationService,
            [OrganisationKind.Shelter] = null,
            [OrganisationKind.Hotline] = null,
            [OrganisationKind.NationalCoordinator] = HtcdsOrganisationType.CentralGovernmentOrganisation,
            [OrganisationKind.Fund] = null,
        };
        // Every kind is decided here: a new kind fails this test until its HTCDS type (or none) is chosen.
        Assert.Equal(Enum.GetValues<OrganisationKind>().Order(), expected.Keys.Order());
        foreach (var (kind, type) in expected) Assert.Equal(type, HtcdsOrganisationTypes.Of(kind));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_AnyHtcdsOrgType_Accepted_TheSendersTypeDoesNotStopATransfer_UnknownRefusedByRowAndColumn(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        // A police file (LawEnforcement), an NGO's, an empty cell: all taken over by a shelter, which has no HTCDS type.
        var good = Header + "\r\nLawEnforcement,A-1,Olena,IT,2026-01-05\r\nngo,A-2,Amina,IT,2026-01-05\r\n,A-3,Iryna,IT,2026-01-05\r\n";
        var ok = await t.ImportAsync(good, HtcdsFiles.Supervisor(w.Shelter));
        Assert.True(ok.Succeeded, string.Join("\n", ok.Errors));
        Assert.Equal(3, await t.CountCasesAsync(w.Shelter));

        var bad = Header + "\r\nNGO,B-1,Olena,IT,2026-01-05\r\nCharity,B-2,Amina,IT,2026-01-05\r\n";
        var result = await t.ImportAsync(bad, HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal(
            "row 3, org_Type: Unknown value. Use one of: NGO, LawEnforcement, HealthServiceOrganisation, CentralGovernmentOrganisation, LocalGovernmentOrganisation, ImmigrationService, LegalService, CorporateBusiness, SchoolOrCollege.",
            Assert.Single(result.Errors).ToString());
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Export_WritesTheOwnersHtcdsType_EmptyForAKindWithoutOne(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        await w.RegisterAsync();
        await w.RegisterAsync(CaseWorld.Input("Amina", "Diallo"), w.ShelterWorker);
        async Task<string[]> FirstRowAsync(Organisation org)
        {
            var file = Path.Combine(_dir, org.Id + ".csv");
            await t.With(sp => sp.Get<ExportHtcds>().HandleAsync(ExportFormat.Htcds, file, HtcdsFiles.Supervisor(org)));
            return (await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken))[1].Split(',');
        }

        Assert.Equal("NGO", (await FirstRowAsync(w.Ngo))[0]);
        Assert.Equal("", (await FirstRowAsync(w.Shelter))[0]);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
