using Microsoft.EntityFrameworkCore;
using Palermo.Cases;
using Palermo.Cases.Htcds;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Tests.Cases.Htcds;

/// <summary>The perpetrator or suspect (per_RoleInProcess, per_FirstName, …): one per case and row, sealed with the victim's key.</summary>
public sealed class HtcdsPerpetratorTests
{
    private const string Header = "pal_ExternalId,prs_FirstName,pal_CountryOfDetection,pal_IdentificationDate,"
        + "per_RoleInProcess,per_FirstName,per_SecondName,per_Gender,per_Birthdate,per_Age,per_Citizenship";

    [Fact]
    public void SealedText_IsTheJsonStoredBefore_AndReadsBack()
    {
        // Sealed perpetrators and addresses already in databases hold this JSON: the format must not move.
        var perpetrator = new PerpetratorDetails("Dritan", "Kastrati", Gender.Masculine, new DateOnly(1979, 6, 30), null, ["ALB", "MKD"]);
        const string PerpetratorJson = """{"FirstName":"Dritan","SecondName":"Kastrati","Gender":2,"BirthDate":"1979-06-30","Age":null,"Citizenships":["ALB","MKD"]}""";
        Assert.Equal(PerpetratorJson, perpetrator.ToSealText());
        Assert.Equal(perpetrator, PerpetratorDetails.FromSealText(PerpetratorJson));
        var address = MailingAddress.From("Via Roma 1", "Bari", null, "70121", "ITA")!;
        const string AddressJson = """["Via Roma 1","Bari",null,"70121","ITA"]""";
        Assert.Equal(AddressJson, address.ToSealText());
        Assert.Equal(address.ToString(), MailingAddress.FromSealText(AddressJson)!.ToString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_Perpetrator_Sealed_NamesShownOnlyWithTheIdentity_RolesToEveryReader(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var csv = Header + "\r\nA-1,Olena,IT,2026-01-05,Recruiterorintermediary;Transporter,Dritan,Kastrati,masculine,1979-06-30,,AL;MK\r\n"
            + "A-2,Amina,IT,2026-01-05,Exploiter,,,,,40,\r\nA-3,Iryna,IT,2026-01-05,,,,,,,\r\n";
        var result = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var ids = await t.With(sp => sp.Db().Cases.Where(c => c.OrganisationId == w.Ngo.Id).OrderBy(c => c.ExternalId).Select(c => c.Id).ToListAsync());
        var views = new List<CaseView>();
        foreach (var id in ids) views.Add(await t.With(sp => sp.Get<GetCase>().HandleAsync(id, w.NgoWorker)));
        Assert.Equal([PerpetratorRole.Transporter | PerpetratorRole.RecruiterOrIntermediary, PerpetratorRole.Exploiter, PerpetratorRole.None], views.Select(v => v.PerpetratorRoles));
        Assert.Equal(new PerpetratorDetails("Dritan", "Kastrati", Gender.Masculine, new DateOnly(1979, 6, 30), null, ["ALB", "MKD"]), views[0].Perpetrator);
        Assert.Equal(new PerpetratorDetails(null, null, null, null, 40, []), views[1].Perpetrator);
        Assert.Null(views[2].Perpetrator);
        var raw = await t.With(sp => sp.Db().Database.SqlQuery<byte[]>($"SELECT \"Perpetrator\" AS \"Value\" FROM \"Case\" WHERE \"Perpetrator\" IS NOT NULL").ToListAsync());
        Assert.Equal(2, raw.Count);
        Assert.All(raw, r => Assert.DoesNotContain("Kastrati", System.Text.Encoding.UTF8.GetString(r), StringComparison.Ordinal));

        // A receiver shown only the services sees the case facts (the roles) but not who the perpetrator is.
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(ids[0], new("Referral", "Written", w.Shelter.Id), w.NgoSupervisor));
        var referral = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(ids[0], new(w.Shelter.Id, ["shelter"], ["Services"], null, null, null), w.NgoSupervisor));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(referral.Id, "Accept", null, w.ShelterWorker));
        var seen = await t.With(sp => sp.Get<GetCase>().HandleAsync(ids[0], w.ShelterWorker));
        Assert.Null(seen.Person);
        Assert.Null(seen.Perpetrator);
        Assert.Equal(views[0].PerpetratorRoles, seen.PerpetratorRoles);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_BadPerpetratorCells_NameRowAndColumn_SaveNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var csv = Header + "\r\nA-1,Olena,IT,2026-01-05,Exploiter,Dritan,,,,,\r\n"
            + "A-2,Amina,IT,2026-01-05,Recruiter,,,Male,30/06/1979,200,Albania\r\n"
            + $"A-3,Iryna,IT,2026-01-05,,{new string('d', 201)},,,2030-01-01,,\r\n";
        var result = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal(
        [
            "row 3, per_RoleInProcess: Unknown value. Use one of: TravellingPartner, Transporter, RecruiterOrIntermediary, BrokerTravelAgent, TransferredIndividual, HarbouredIndividual, SoldIndividual, BoughtIndividual, ReceivedIndividual, ControlledIndividual, Smuggler, Abuser, Kidnapper, Exploiter, Other.",
            $"row 3, per_Gender: Unknown value. Use one of: {string.Join(", ", Enum.GetNames<Gender>())}.",
            "row 3, per_Birthdate: Use a date in the form YYYY-MM-DD.",
            "row 3, per_Age: Use a whole number of years between 0 and 120.",
            "row 3, per_Citizenship: Unknown country: use ISO 3166 alpha-2 or alpha-3 codes such as UA or UKR.",
            "row 4, per_FirstName: Must be at most 200 characters.",
        ], result.Errors.Select(e => e.ToString()));
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));

        var future = await t.ImportAsync(Header + "\r\nA-3,Iryna,IT,2026-01-05,,Dritan,,,2030-01-01,,\r\n", HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal("row 2, per_Birthdate: The perpetrator's birth date cannot be in the future.", Assert.Single(future.Errors).ToString());
    }

    [Fact]
    public async Task Register_BadPerpetratorFields_NameTheField_EditReplacesThePerpetrator()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        async Task<string> Refused(CaseInput input) => (await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(input))).Field;
        Assert.Equal("perpetratorRoles", await Refused(CaseWorld.Input() with { PerpetratorRoles = ["Boss"] }));
        Assert.Equal("perpetratorAge", await Refused(CaseWorld.Input() with { PerpetratorAge = "forty" }));
        Assert.Equal("perpetratorCitizenships", await Refused(CaseWorld.Input() with { PerpetratorCitizenships = ["Atlantis"] }));
        Assert.Equal("perpetratorGender", await Refused(CaseWorld.Input() with { PerpetratorGender = "3" }));
        Assert.Equal("perpetratorBirthDate", await Refused(CaseWorld.Input() with { PerpetratorBirthDate = "2099-01-01" }));
        Assert.Equal("perpetratorSecondName", await Refused(CaseWorld.Input() with { PerpetratorSecondName = new string('k', 201) }));
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));

        // Null entries (a form's empty field, a JSON null) select nothing rather than failing.
        var empty = await w.RegisterAsync(CaseWorld.Input() with { PerpetratorRoles = [null!], PerpetratorCitizenships = [null!], Citizenships = [null!, "UA"] });
        var emptyView = await t.With(sp => sp.Get<GetCase>().HandleAsync(empty.CaseId, w.NgoWorker));
        Assert.Equal((PerpetratorRole.None, null), (emptyView.PerpetratorRoles, emptyView.Perpetrator));
        Assert.Equal(["UKR"], emptyView.Person!.Citizenships);

        var c = await w.RegisterAsync(CaseWorld.Input() with { PerpetratorRoles = ["Kidnapper"], PerpetratorFirstName = " Dritan ", PerpetratorCitizenships = ["AL; IT"] });
        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal(new PerpetratorDetails("Dritan", null, null, null, null, ["ALB", "ITA"]), view.Perpetrator);
        await t.With(sp => sp.Get<UpdateCaseFacts>().HandleAsync(c.CaseId, view.Version,
            CaseWorld.Input() with { PerpetratorRoles = ["Abuser", "Other"], PerpetratorSecondName = "Kastrati", PerpetratorGender = "Masculine" }, w.NgoWorker));
        var after = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal((PerpetratorRole.Abuser | PerpetratorRole.Other, new PerpetratorDetails(null, "Kastrati", Gender.Masculine, null, null, [])), (after.PerpetratorRoles, after.Perpetrator));
    }
}
