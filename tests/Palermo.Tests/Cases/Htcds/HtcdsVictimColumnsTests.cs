using Microsoft.EntityFrameworkCore;
using Palermo.Cases;
using Palermo.Cases.Htcds;
using Palermo.Data;

namespace Palermo.Tests.Cases.Htcds;

/// <summary>The HTCDS columns added after the first import: relationship to the trafficker, methods of recruitment.</summary>
public sealed class HtcdsVictimColumnsTests
{
    private const string Header = "pal_ExternalId,prs_FirstName,pal_CountryOfDetection,pal_IdentificationDate,vic_RelationshipToTrafficker,vic_MethodOfRecruitment";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_RelationshipAndRecruitment_StoredAsCaseFacts_ValuesIgnoreCase(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var csv = Header + "\r\nA-1,Olena,IT,2026-01-05,unaquainted,AtWork;throughanonlineadvertisement\r\nA-2,Amina,IT,2026-01-06,,\r\n";
        var result = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        await t.With(async sp =>
        {
            var cases = await sp.Db().Cases.Where(c => c.OrganisationId == w.Ngo.Id).OrderBy(c => c.ExternalId).ToListAsync();
            Assert.Equal((RelationshipToTrafficker?)RelationshipToTrafficker.Unaquainted, cases[0].RelationshipToTrafficker);
            Assert.Equal(RecruitmentMethod.AtWork | RecruitmentMethod.ThroughAnOnlineAdvertisement, cases[0].MethodsOfRecruitment);
            Assert.Null(cases[1].RelationshipToTrafficker);
            Assert.Equal(RecruitmentMethod.None, cases[1].MethodsOfRecruitment);
        });
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_UnknownRelationshipOrRecruitment_NamesRowAndColumn_SavesNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var csv = Header + "\r\nA-1,Olena,IT,2026-01-05,Familial,AtWork\r\nA-2,Amina,IT,2026-01-06,Unacquainted,\r\nA-3,Iryna,IT,2026-01-07,,AtWork;ByPigeon\r\n";
        var result = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal(
        [
            "row 3, vic_RelationshipToTrafficker: Unknown value. Use one of: Familial, Acquainted, Unaquainted.",
            "row 4, vic_MethodOfRecruitment: Unknown value. Use one of: AtAPlaceOfBusiness, AtAnEducationalInstitution, AtWork, ThroughOnlineSocialNetworks, ThroughAnOnlineAdvertisement, ThroughATelevisionAdvert, ThroughANewspaperAdvert, ThroughFamilyOrFamilyEvents, ThroughFriendsOrSocialEvents, Other.",
        ], result.Errors.Select(e => e.ToString()));
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }

    [Fact]
    public async Task Register_RelationshipAndRecruitment_UnknownValueNamesTheField()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var ex = await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(CaseWorld.Input() with { RelationshipToTrafficker = "3" }));
        Assert.Equal("relationshipToTrafficker", ex.Field);
        ex = await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(CaseWorld.Input() with { MethodsOfRecruitment = ["Internet"] }));
        Assert.Equal("methodsOfRecruitment", ex.Field);
        var ok = await w.RegisterAsync(CaseWorld.Input() with { RelationshipToTrafficker = "Familial", MethodsOfRecruitment = ["ThroughFamilyOrFamilyEvents"] });
        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(ok.CaseId, w.NgoWorker));
        Assert.Equal((RelationshipToTrafficker.Familial, RecruitmentMethod.ThroughFamilyOrFamilyEvents), (view.RelationshipToTrafficker!.Value, view.MethodsOfRecruitment));
    }
}

/// <summary>hte_City: a city per trafficking event, sealed with the person's key.</summary>
public sealed class HtcdsEventCityTests
{
    private const string Header = "pal_ExternalId,prs_FirstName,pal_CountryOfDetection,pal_IdentificationDate,hte_Type,hte_Country,hte_City,hte_Date";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_Cities_SealedPerEvent_ShownOnlyWithTheIdentity(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var csv = Header + "\r\nA-1,Olena,IT,2026-01-05,Recruitment;Exploitation,UA;IT,Zhmerynka;,2025-03-01;2025-06-01\r\n";
        var result = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var id = await t.With(sp => sp.Db().Cases.Where(c => c.OrganisationId == w.Ngo.Id).Select(c => c.Id).SingleAsync());
        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(id, w.NgoSupervisor));
        Assert.Equal(["Recruitment UKR Zhmerynka", "Exploitation ITA "], view.Events.Select(e => $"{e.Type} {e.Country} {e.City}"));
        var raw = await t.With(sp => sp.Db().Database.SqlQuery<byte[]>($"SELECT \"City\" AS \"Value\" FROM \"CaseEvent\" WHERE \"City\" IS NOT NULL").ToListAsync());
        Assert.DoesNotContain("Zhmerynka", System.Text.Encoding.UTF8.GetString(Assert.Single(raw)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_BadCities_NameRowAndColumn_SavesNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var csv = Header + "\r\nA-1,Olena,IT,2026-01-05,Recruitment,UA,Odesa,\r\n"
            + $"A-2,Amina,IT,2026-01-05,Recruitment,UA,{new string('x', 101)},\r\n"
            + "A-3,Iryna,IT,2026-01-05,Recruitment;Exploitation,UA;IT,Odesa,\r\n";
        var result = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal(
        [
            "row 3, hte_City: Each city must be at most 100 characters.",
            "row 4, hte_*: hte_Type, hte_Country, hte_City and hte_Date must list the same number of events, separated by ';'.",
        ], result.Errors.Select(e => e.ToString()));
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }

    [Fact]
    public async Task Register_CityTooLongOrWithSemicolon_IsAnEventsError_EditReplacesCity()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var ex = await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(CaseWorld.Input() with { Events = [new EventInput("Recruitment", "UKR", null, "Lviv;Kyiv")] }));
        Assert.Equal("events", ex.Field);
        ex = await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(CaseWorld.Input() with { Events = [new EventInput("Recruitment", "UKR", null, new string('a', 101))] }));
        Assert.Equal("events", ex.Field);
        var c = await w.RegisterAsync(CaseWorld.Input() with { Events = [new EventInput("Recruitment", "UKR", null, " Lviv ")] });
        var before = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal("Lviv", Assert.Single(before.Events).City);
        await t.With(sp => sp.Get<UpdateCaseFacts>().HandleAsync(c.CaseId, before.Version,
            CaseWorld.Input() with { Events = [new EventInput("Recruitment", "UKR", null, "Uman")] }, w.NgoSupervisor));
        var after = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal("Uman", Assert.Single(after.Events).City);
    }
}

/// <summary>prs_PrimaryLanguage and prs_SecondaryLanguage onto the person's languages (first = primary).</summary>
public sealed class HtcdsLanguageTests
{
    [Fact]
    public async Task Import_PrimaryAndSecondary_BecomeTheLanguagesInOrder_ExportSplitsThemBack()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var csv = "pal_ExternalId,prs_FirstName,pal_CountryOfDetection,pal_IdentificationDate,prs_SecondaryLanguage,prs_PrimaryLanguage\r\n"
            + "A-1,Olena,IT,2026-01-05,Russian,Ukrainian\r\nA-2,Amina,IT,2026-01-05,Arabic,\r\nA-3,Iryna,IT,2026-01-05,,Romanian\r\n";
        var result = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var ids = await t.With(sp => sp.Db().Cases.Where(c => c.OrganisationId == w.Ngo.Id).OrderBy(c => c.ExternalId).Select(c => c.Id).ToListAsync());
        var languages = new List<string?>();
        foreach (var id in ids) languages.Add((await t.With(sp => sp.Get<GetCase>().HandleAsync(id, w.NgoSupervisor))).Person!.Languages);
        Assert.Equal(["Ukrainian; Russian", "Arabic", "Romanian"], languages);

        var dir = Palermo.Testing.TestEnv.TempDir();
        try
        {
            var file = Path.Combine(dir, "out.csv");
            await t.With(sp => sp.Get<ExportHtcds>().HandleAsync(ExportFormat.Htcds, file, HtcdsFiles.Supervisor(w.Ngo)));
            var lines = await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken);
            var header = lines[0].Split(',');
            var (p, s) = (Array.IndexOf(header, "prs_PrimaryLanguage"), Array.IndexOf(header, "prs_SecondaryLanguage"));
            Assert.Equal(p + 1, s);
            var row = lines.Single(l => l.StartsWith("NGO,A-1,", StringComparison.Ordinal)).Split(',');
            Assert.Equal(("Ukrainian", "Russian"), (row[p], row[s]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>HTCDS columns Palermo does not read: refused by default, left out and listed with skip-unsupported.</summary>
public sealed class HtcdsSkipUnsupportedTests
{
    private const string Header = "pal_ExternalId,org_Type,prs_FirstName,PER_Nationality,per_Occupation,pal_CountryOfDetection,pal_IdentificationDate,cas_ReferringOrganisation,cas_IncomingReferralDate,cas_ReasonForIncomingReferral,prs_MailingCity";

    public static string File(string header = Header) => header + "\r\nA-1,NGO,Olena,ALB,Driver,IT,2026-01-05,Helpline,2026-01-04,AdditionalServicesRequired,Bari\r\n";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_UnsupportedColumns_RefusedWithoutTheOption_NamingThemAndTheOption(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var result = await t.With(sp => sp.Get<ImportHtcds>().HandleAsync(HtcdsFiles.Stream(File()), HtcdsFiles.Supervisor(w.Ngo)));
        Assert.Equal(
            "row 1: HTCDS columns Palermo does not read (nothing was imported; remove them, or import with --skip-unsupported — on the web page \"Leave out the HTCDS columns Palermo does not read\" — to leave them out and see them listed): "
            + "per_Nationality, per_Occupation.",
            Assert.Single(result.Errors).ToString());
        Assert.Empty(result.SkippedColumns);
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_SkipUnsupported_ImportsTheRest_ListsExactlyTheColumnsLeftOut_AndAuditsTheCount(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var result = await t.With(sp => sp.Get<ImportHtcds>().HandleAsync(HtcdsFiles.Stream(File()), HtcdsFiles.Supervisor(w.Ngo), skipUnsupported: true));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(1, result.Imported);
        Assert.Equal(["per_Nationality", "per_Occupation"],
            result.SkippedColumns);
        var id = await t.With(sp => sp.Db().Cases.Where(c => c.OrganisationId == w.Ngo.Id).Select(c => c.Id).SingleAsync());
        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(id, w.NgoSupervisor));
        Assert.Equal(("Olena", null, "ITA"), (view.Person!.GivenName, view.Person.FamilyName, view.CountryOfDetection));
        // Read since Palermo stores them, so no longer left out.
        Assert.Equal("Bari", view.Person.Mailing?.City);
        Assert.Equal(new IncomingReferral("Helpline", new DateOnly(2026, 1, 4), IncomingReferralReason.AdditionalServicesRequired), view.IncomingReferral);
        var purpose = await t.With(sp => sp.Db().AuditEntries.Where(a => a.Event == Palermo.Audit.AuditEvent.CasesImported).Select(a => a.Purpose).SingleAsync());
        Assert.Equal("import: 1 imported, 0 skipped, 2 column(s) not read", purpose);
    }

    [Theory]
    [InlineData("prs_FristName", "prs_FristName")]
    [InlineData("per_First Name", "per_First Name")]
    [InlineData("per_", "per_")]
    [InlineData("org_Kind", "org_Kind")]
    [InlineData("prs_MailingAddress1", "prs_MailingAddress1")]
    public async Task Import_NotAnHtcdsColumn_RefusedEvenWithSkipUnsupported(string typo, string listed)
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var csv = $"pal_ExternalId,prs_FirstName,pal_CountryOfDetection,pal_IdentificationDate,per_Gender,{typo}\r\nA-1,Olena,IT,2026-01-05,Masculine,x\r\n";
        var result = await t.With(sp => sp.Get<ImportHtcds>().HandleAsync(HtcdsFiles.Stream(csv), HtcdsFiles.Supervisor(w.Ngo), skipUnsupported: true));
        Assert.Equal($"row 1: Unknown columns (nothing was imported; remove them or rename them to HTCDS names): {listed}.", Assert.Single(result.Errors).ToString());
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }
}
