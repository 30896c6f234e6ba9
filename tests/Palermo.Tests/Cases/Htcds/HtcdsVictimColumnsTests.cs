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
