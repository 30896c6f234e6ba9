using Microsoft.EntityFrameworkCore;
using Palermo.Cases;
using Palermo.Cases.Htcds;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Tests.Cases.Htcds;

/// <summary>Export from one organisation, import into another: every field arrives as it left.</summary>
public sealed class HtcdsRoundTripTests : IDisposable
{
    private readonly string _dir = Palermo.Testing.TestEnv.TempDir();

    /// <summary>
    /// An organisation's own export imported back into it adds nothing: registered cases are exported with their
    /// reference as external id, and such a row is recognised as the organisation's own case. A row from another
    /// installation whose reference happens to coincide (a different identification date) is still imported.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ExportThenImport_IntoTheSameOrganisation_AddsNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var ids = await SeedVariedCasesAsync(w);
        var file = Path.Combine(_dir, "own.csv");
        await t.With(sp => sp.Get<ExportHtcds>().HandleAsync(ExportFormat.Htcds, file, HtcdsFiles.Supervisor(w.Ngo)));
        await using (var s = File.OpenRead(file))
        {
            var again = await t.With(sp => sp.Get<ImportHtcds>().HandleAsync(s, HtcdsFiles.Supervisor(w.Ngo)));
            Assert.True(again.Succeeded, string.Join("\n", again.Errors));
            Assert.Equal((0, ids.Count), (again.Imported, again.Skipped));
        }

        Assert.Equal(ids.Count, await t.CountCasesAsync(w.Ngo));
        var reference = await t.With(sp => sp.Db().Cases.Where(c => c.OrganisationId == w.Ngo.Id).OrderBy(c => c.Reference).Select(c => c.Reference).FirstAsync());
        var elsewhere = await t.ImportAsync(HtcdsFiles.Csv($"{reference},Marta,Kowalska,1990-01-01,Feminine,PL,ForcedLabour,IT,2019-03-04"), HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal((1, 0), (elsewhere.Imported, elsewhere.Skipped));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ExportThenImport_IntoAnotherOrganisation_EveryFieldArrives(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var ids = await SeedVariedCasesAsync(w);
        var file = Path.Combine(_dir, "ngo.csv");
        var exported = await t.With(sp => sp.Get<ExportHtcds>().HandleAsync(ExportFormat.Htcds, file, HtcdsFiles.Supervisor(w.Ngo)));
        Assert.Equal(ids.Count, exported.Exported);
        var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        Assert.Contains("'=SUM(A1:A9)", text, StringComparison.Ordinal);
        Assert.Contains(",true,Safe House,2026-03-01,AdditionalServicesRequired", text, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, ",Safe House,"));
        // Parallel lists in date order (undated first); the cell starting with '=' is neutralised, and comes back without the apostrophe.
        Assert.Contains("POL;UKR;ITA,\"'=Warsaw;Chernivtsi;Bari, \"\"Puglia\"\"\",;2025-09-01;2025-11-01,", text, StringComparison.Ordinal);
        Assert.Contains(",Greek,Albanian; English,", text, StringComparison.Ordinal);
        Assert.Contains(",\"Via Zanardelli 17, \"\"int. 3\"\"\",Bari,Puglia,70121,ITA,", text, StringComparison.Ordinal);
        Assert.Contains(",'+30 Odos Ermou,,,,GRC,", text, StringComparison.Ordinal);
        Assert.Contains(",\"Ukrainian, Russian\",,", text, StringComparison.Ordinal);
        Assert.Contains(",Acquainted,ThroughOnlineSocialNetworks;ThroughFriendsOrSocialEvents;Other,", text, StringComparison.Ordinal);
        Assert.Contains(",RecruiterOrIntermediary;Exploiter,'=Arben,Hoxha,Masculine,,45,ALB;ITA,", text, StringComparison.Ordinal);

        Assert.StartsWith("org_Type,pal_ExternalId,", text, StringComparison.Ordinal);
        Assert.StartsWith("NGO,", text.Split("\r\n")[1], StringComparison.Ordinal);
        // Into a shelter: the file's org_Type (NGO) names the sender, and the cases become the receiver's.
        var receiver = w.Shelter;
        await using (var s = File.OpenRead(file))
        {
            var result = await t.With(sp => sp.Get<ImportHtcds>().HandleAsync(s, HtcdsFiles.Supervisor(receiver)));
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            Assert.Equal(ids.Count, result.Imported);
        }

        foreach (var id in ids)
        {
            var a = await t.With(sp => sp.Get<GetCase>().HandleAsync(id, HtcdsFiles.Supervisor(w.Ngo)));
            var copyId = await t.With(sp => sp.Db().Cases.Where(c => c.OrganisationId == receiver.Id && c.ExternalId == a.Reference).Select(c => c.Id).SingleAsync());
            var b = await t.With(sp => sp.Get<GetCase>().HandleAsync(copyId, HtcdsFiles.Supervisor(receiver)));
            AssertSameCase(a, b);
        }
    }

    private static void AssertSameCase(CaseView a, CaseView b)
    {
        var (p, q) = (a.Person!, b.Person!);
        Assert.Equal(p.GivenName, q.GivenName);
        Assert.Equal(p.FamilyName, q.FamilyName);
        Assert.Equal(p.Aliases, q.Aliases);
        Assert.Equal(p.BirthDate, q.BirthDate);
        Assert.Equal(p.Gender, q.Gender);
        Assert.Equal(p.Citizenships, q.Citizenships);
        Assert.Equal(p.Languages, q.Languages);
        Assert.Equal(p.Contacts, q.Contacts);
        Assert.Equal(p.DocumentNumber, q.DocumentNumber);
        Assert.Equal(p.Mailing, q.Mailing);
        Assert.Equal(a.TraffickingStatus, b.TraffickingStatus);
        Assert.Equal(a.StatusDecidedBy, b.StatusDecidedBy);
        Assert.Equal((a.ReasonableGroundsDate, a.ReasonableGroundsOutcome, a.ReasonableGroundsReasons), (b.ReasonableGroundsDate, b.ReasonableGroundsOutcome, b.ReasonableGroundsReasons));
        Assert.Equal((a.ConclusiveGroundsDate, a.ConclusiveGroundsOutcome, a.ConclusiveGroundsReasons), (b.ConclusiveGroundsDate, b.ConclusiveGroundsOutcome, b.ConclusiveGroundsReasons));
        Assert.Equal(a.Exploitation, b.Exploitation);
        Assert.Equal(a.MethodsOfControl, b.MethodsOfControl);
        Assert.Equal(a.LabourIndustry, b.LabourIndustry);
        Assert.Equal(a.SexExploitation, b.SexExploitation);
        Assert.Equal(a.RelationshipToTrafficker, b.RelationshipToTrafficker);
        Assert.Equal(a.MethodsOfRecruitment, b.MethodsOfRecruitment);
        Assert.Equal(a.CountryOfDetection, b.CountryOfDetection);
        Assert.Equal(a.IdentificationDate, b.IdentificationDate);
        Assert.Equal(a.AgeAtIdentification, b.AgeAtIdentification);
        Assert.Equal(a.ChildAtExploitation, b.ChildAtExploitation);
        Assert.Equal(a.Guardian, b.Guardian);
        Assert.Equal(a.Risk, b.Risk);
        Assert.Equal(a.Status, b.Status);
        Assert.Equal(a.ClosureReason, b.ClosureReason);
        Assert.Equal(a.IncomingReferral, b.IncomingReferral);
        Assert.Equal(a.PerpetratorRoles, b.PerpetratorRoles);
        Assert.Equal(a.Perpetrator, b.Perpetrator);
        static string Events(CaseView v) => string.Join("|", v.Events.Select(e => $"{e.Type} {e.Country} {e.Date} {e.City}").Order(StringComparer.Ordinal));
        Assert.Equal(Events(a), Events(b));
        static bool Consents(CaseView v) => v.Consents.Any(k => k.Purpose == Palermo.Consent.ConsentPurpose.Assistance && k.IsActive);
        Assert.Equal(Consents(a), Consents(b));
        Assert.Empty(b.Referrals); // referral columns are informative: an import never creates a live referral
        Assert.Equal(a.SupportPlan is null, b.SupportPlan is null);
        if (a.SupportPlan is { } x && b.SupportPlan is { } y)
        {
            Assert.Equal((x.Types, x.Objectives, x.ActionPlan, x.PlannedEndDate, x.ActualEndDate), (y.Types, y.Objectives, y.ActionPlan, y.PlannedEndDate, y.ActualEndDate));
        }
    }

    /// <summary>A full case with decisions and a closure, a follow-up case with only an estimated age, a minimal case.</summary>
    private static async Task<List<Guid>> SeedVariedCasesAsync(CaseWorld w)
    {
        var full = await w.RegisterAsync(CaseWorld.Input() with
        {
            GivenName = "Olena Maria", Aliases = "Lena; Helen", Languages = "Ukrainian, Russian", Contacts = "+39 333 1234567; olena@example.org",
            Guardian = "Social services, Bari", ChildAtExploitation = "true", LabourIndustry = "C_Manufacturing", StatusDecidedBy = "Police",
            Exploitation = ["SexualExploitation;ForcedLabour"], Citizenships = ["UA", "MDA"],
            PerpetratorRoles = ["RecruiterOrIntermediary;Exploiter"], PerpetratorFirstName = "=Arben", PerpetratorSecondName = "Hoxha",
            PerpetratorGender = "Masculine", PerpetratorAge = "45", PerpetratorCitizenships = ["AL", "ITA"],
            ReferringOrganisation = "Caritas Bari", IncomingReferralDate = "2026-02-01", ReasonForIncomingReferral = "AdditionalServicesRequired",
            MailingStreet = "Via Zanardelli 17, \"int. 3\"", MailingCity = "Bari", MailingState = "Puglia", MailingPostalCode = "70121", MailingCountry = "it",
            RelationshipToTrafficker = "Acquainted", MethodsOfRecruitment = ["ThroughOnlineSocialNetworks", "ThroughFriendsOrSocialEvents;Other"],
            Events = [new EventInput("Recruitment", "UKR", "2025-09-01", "Chernivtsi"), new EventInput("Transit", "POL", null, "=Warsaw"), new EventInput("Exploitation", "ITA", "2025-11-01", "Bari, \"Puglia\"")],
        });
        var formula = await w.RegisterAsync(new CaseInput
        {
            GivenName = "=HYPERLINK(\"http://x.example\",\"click\")", FamilyName = "-Ivanov", Gender = "Masculine", EstimatedAge = "16",
            Contacts = "@handle", CountryOfDetection = "GR", IdentificationDate = "2025-12-24", Risk = "Medium", Exploitation = ["ForcedBegging"],
            RelationshipToTrafficker = "Unaquainted", Languages = "Greek; Albanian; English", MailingStreet = "+30 Odos Ermou", MailingCountry = "GRC",
        });
        var minimal = await w.RegisterAsync(new CaseInput { GivenName = "Amina", CountryOfDetection = "ESP", IdentificationDate = "2026-01-05" });
        await w.Db.With(sp => sp.Get<Palermo.Assistance.SaveSupportPlan>().HandleAsync(full.CaseId,
            new(["Health;Legal", "SocialCare"], "Stable housing, \"safe\"\nand treatment", "1. Shelter\n2. Lawyer", "2026-08-31", "2026-02-25"), w.NgoWorker));
        await w.Db.With(sp => sp.Get<Palermo.Consent.RecordConsent>().HandleAsync(full.CaseId, new("Assistance", "Written", null), w.NgoWorker));
        await w.Db.With(sp => sp.Get<Palermo.Consent.RecordConsent>().HandleAsync(full.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        var referral = await w.Db.With(sp => sp.Get<Palermo.Referrals.CreateReferral>().HandleAsync(full.CaseId, new(w.Shelter.Id, ["shelter"], [], null, null, null), w.NgoWorker));
        await w.Db.With(sp => sp.Get<Palermo.Referrals.DecideReferral>().HandleAsync(referral.Id, "Accept", null, w.ShelterWorker));
        // Referrals that never referred the person (one withdrawn, one still pending) leave the referral columns empty.
        foreach (var other in new[] { formula, minimal })
        {
            await w.Db.With(sp => sp.Get<Palermo.Consent.RecordConsent>().HandleAsync(other.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
            var r = await w.Db.With(sp => sp.Get<Palermo.Referrals.CreateReferral>().HandleAsync(other.CaseId, new(w.Shelter.Id, ["medical"], [], null, null, null), w.NgoWorker));
            if (other == formula) await w.Db.With(sp => sp.Get<Palermo.Referrals.DecideReferral>().HandleAsync(r.Id, "Withdraw", "not needed", w.NgoWorker));
        }
        await w.Db.With(sp => sp.Get<Palermo.Assistance.SaveSupportPlan>().HandleAsync(formula.CaseId,
            new(["Education"], "=SUM(A1:A9)", null, null, null), w.NgoWorker));
        await w.Db.With(async sp =>
        {
            var db = sp.Db();
            var crypto = sp.Get<PersonCrypto>();
            var now = db.UtcNow;
            var c = await db.Cases.Include(x => x.Person).ThenInclude(p => p.DataKey).Include(x => x.Events).SingleAsync(x => x.Id == full.CaseId);
            c.RecordReasonableGrounds(new DateOnly(2026, 2, 12), GroundsOutcome.Positive, "Credible, consistent account", crypto, now);
            c.RecordConclusiveGrounds(new DateOnly(2026, 2, 20), GroundsOutcome.Positive, "Confirmed by labour inspection", crypto, now);
            c.Close(CaseStatus.ClosedReferred, "Moved to a shelter, \"safe\"\nin Rome", now);
            var f = await db.Cases.Include(x => x.Person).SingleAsync(x => x.Id == formula.CaseId);
            f.FollowUp(now);
            await db.SaveChangesAsync();
        });
        return [full.CaseId, formula.CaseId, minimal.CaseId];
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
