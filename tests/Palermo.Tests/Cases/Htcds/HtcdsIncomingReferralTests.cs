using Microsoft.EntityFrameworkCore;
using Palermo.Cases;
using Palermo.Cases.Htcds;
using Palermo.Data;

namespace Palermo.Tests.Cases.Htcds;

/// <summary>cas_ReferringOrganisation, cas_IncomingReferralDate, cas_ReasonForIncomingReferral: how a case came here from outside Palermo.</summary>
public sealed class HtcdsIncomingReferralTests : IDisposable
{
    private const string Header = "pal_ExternalId,prs_FirstName,prs_Birthdate,pal_CountryOfDetection,pal_IdentificationDate,cas_ReferringOrganisation,cas_IncomingReferralDate,cas_ReasonForIncomingReferral";
    private readonly string _dir = Palermo.Testing.TestEnv.TempDir();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_IncomingReferral_Stored_ShownOnTheCase_ExportedAndImportedAgainUnchanged(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var csv = Header + "\r\nA-1,Olena,1998-04-12,IT,2026-01-05,\"Caritas, Bari\",2026-01-03,migrationorchangeoflocation\r\n"
            + "A-2,Amina,,IT,2026-01-05,'=Helpline,,\r\nA-3,Iryna,,IT,2026-01-05,,,\r\n";
        var result = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var views = await ViewsAsync(t, w.Ngo, w.NgoSupervisor);
        Assert.Equal(
            [new IncomingReferral("Caritas, Bari", new DateOnly(2026, 1, 3), IncomingReferralReason.MigrationOrChangeOfLocation), new IncomingReferral("=Helpline", null, null), null],
            views.Select(v => v.IncomingReferral));

        var file = Path.Combine(_dir, "ngo.csv");
        await t.With(sp => sp.Get<ExportHtcds>().HandleAsync(ExportFormat.Htcds, file, HtcdsFiles.Supervisor(w.Ngo)));
        var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        Assert.Contains(",\"Caritas, Bari\",2026-01-03,MigrationOrChangeOfLocation,", text, StringComparison.Ordinal);
        Assert.Contains(",'=Helpline,,,", text, StringComparison.Ordinal);
        var receiver = await t.With(sp => sp.Get<Palermo.Organisations.CreateOrganisation>().HandleAsync(new("Other NGO", "NonGovernmentalOrganisation", "ITA"), Palermo.Accounts.Actor.Cli));
        await using (var s = File.OpenRead(file))
        {
            var again = await t.With(sp => sp.Get<ImportHtcds>().HandleAsync(s, HtcdsFiles.Supervisor(receiver)));
            Assert.True(again.Succeeded, string.Join("\n", again.Errors));
        }

        Assert.Equal(views.Select(v => v.IncomingReferral), (await ViewsAsync(t, receiver, HtcdsFiles.Supervisor(receiver))).Select(v => v.IncomingReferral));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_BadIncomingReferrals_NameRowAndColumn_SaveNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var csv = Header + "\r\nA-1,Olena,,IT,2026-01-05,Caritas,2026-01-03,Other\r\n"
            + "A-2,Amina,,IT,2026-01-05,Caritas,2099-01-01,Other\r\n"
            + "A-3,Iryna,2000-05-05,IT,2026-01-05,Caritas,2000-05-04,\r\n"
            + "A-4,Oksana,,IT,2026-01-05,,,AdditionalServicesRequired\r\n"
            + "A-5,Maria,,IT,2026-01-05,,2026-01-02,\r\n"
            + "A-6,Daria,,IT,2026-01-05,Caritas,03/01/2026,Shelter\r\n"
            + $"A-7,Nadia,,IT,2026-01-05,{new string('c', 201)},,\r\n";
        var result = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal(
        [
            "row 3, cas_IncomingReferralDate: The referral date cannot be in the future.",
            "row 4, cas_IncomingReferralDate: The referral date cannot precede the birth date.",
            "row 5, cas_ReasonForIncomingReferral: A reason for the incoming referral needs the referring organisation.",
            "row 6, cas_IncomingReferralDate: A date of the incoming referral needs the referring organisation.",
            "row 7, cas_IncomingReferralDate: Use a date in the form YYYY-MM-DD.",
            "row 7, cas_ReasonForIncomingReferral: Unknown value. Use one of: AdditionalServicesRequired, MigrationOrChangeOfLocation, Other.",
            "row 8, cas_ReferringOrganisation: Must be at most 200 characters.",
        ], result.Errors.Select(e => e.ToString()));
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }

    [Fact]
    public async Task Register_And_UpdateFacts_ValidateTheIncomingReferral_NamingTheField()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        async Task<string> Refused(CaseInput input) => (await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(input))).Field;
        Assert.Equal("reasonForIncomingReferral", await Refused(CaseWorld.Input() with { ReasonForIncomingReferral = "Other" }));
        Assert.Equal("reasonForIncomingReferral", await Refused(CaseWorld.Input() with { ReferringOrganisation = "Caritas", ReasonForIncomingReferral = "2" }));
        Assert.Equal("incomingReferralDate", await Refused(CaseWorld.Input() with { ReferringOrganisation = "Caritas", IncomingReferralDate = "1998-04-11" }));
        Assert.Equal("incomingReferralDate", await Refused(CaseWorld.Input() with { ReferringOrganisation = "Caritas", IncomingReferralDate = "2099-04-11" }));
        Assert.Equal("referringOrganisation", await Refused(CaseWorld.Input() with { ReferringOrganisation = new string('o', 201) }));
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));

        var c = await w.RegisterAsync(CaseWorld.Input() with { ReferringOrganisation = " La Strada ", IncomingReferralDate = "2026-02-01", ReasonForIncomingReferral = "AdditionalServicesRequired" });
        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal(new IncomingReferral("La Strada", new DateOnly(2026, 2, 1), IncomingReferralReason.AdditionalServicesRequired), view.IncomingReferral);
        // The birth date is the person's: an edit of the facts checks the referral date against the stored one.
        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<UpdateCaseFacts>().HandleAsync(c.CaseId, view.Version,
            CaseWorld.Input() with { ReferringOrganisation = "La Strada", IncomingReferralDate = "1990-01-01" }, w.NgoWorker)));
        Assert.Equal("incomingReferralDate", ex.Field);
        await t.With(sp => sp.Get<UpdateCaseFacts>().HandleAsync(c.CaseId, view.Version, CaseWorld.Input(), w.NgoWorker));
        Assert.Null((await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).IncomingReferral);

        // A corrected birth date after the referral's date is refused on the birth date, naming the case.
        var d = await w.RegisterAsync(CaseWorld.Input("Iryna", "Bondar") with { Events = [], ReferringOrganisation = "La Strada", IncomingReferralDate = "2026-02-01" });
        var person = await t.With(sp => sp.Get<GetPersonForEdit>().HandleAsync(d.CaseId, w.NgoWorker));
        var later = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<UpdatePerson>().HandleAsync(d.CaseId, person.Version,
            person.Person with { BirthDate = "2026-02-05" }, w.NgoWorker)));
        Assert.Equal(("birthDate", $"The referral date cannot precede the birth date. (case {d.Reference})"), (later.Field, later.Message));
    }

    private static async Task<List<CaseView>> ViewsAsync(TestDatabase t, Palermo.Organisations.Organisation org, Palermo.Accounts.Actor actor)
    {
        var ids = await t.With(sp => sp.Db().Cases.Where(c => c.OrganisationId == org.Id).OrderBy(c => c.ExternalId).Select(c => c.Id).ToListAsync());
        var views = new List<CaseView>();
        foreach (var id in ids) views.Add(await t.With(sp => sp.Get<GetCase>().HandleAsync(id, actor)));
        return views;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
