using Microsoft.EntityFrameworkCore;
using Palermo.Cases;
using Palermo.Cases.Htcds;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Tests.Cases.Htcds;

/// <summary>The mailing address (prs_MailingStreet, …City, …State, …PostalCode, …Country): sealed with the person's key.</summary>
public sealed class HtcdsMailingAddressTests
{
    private const string Header = "pal_ExternalId,prs_FirstName,pal_CountryOfDetection,pal_IdentificationDate,prs_MailingStreet,prs_MailingCity,prs_MailingState,prs_MailingPostalCode,prs_MailingCountry";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_MailingAddress_Sealed_ShownToTheOwner_NotToAReceiverWithoutContacts(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var csv = Header + "\r\nA-1,Olena,IT,2026-01-05,\"Via Zanardelli 17, int. 3\",Bari,Puglia,70121,it\r\nA-2,Amina,IT,2026-01-05,,,,,\r\n";
        var result = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var ids = await t.With(sp => sp.Db().Cases.Where(c => c.OrganisationId == w.Ngo.Id).OrderBy(c => c.ExternalId).Select(c => c.Id).ToListAsync());
        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(ids[0], w.NgoWorker));
        Assert.Equal(new MailingAddress("Via Zanardelli 17, int. 3", "Bari", "Puglia", "70121", "ITA"), view.Person!.Mailing);
        Assert.Null((await t.With(sp => sp.Get<GetCase>().HandleAsync(ids[1], w.NgoWorker))).Person!.Mailing);
        var raw = await t.With(sp => sp.Db().Database.SqlQuery<byte[]>($"SELECT \"MailingAddress\" AS \"Value\" FROM \"Person\" WHERE \"MailingAddress\" IS NOT NULL").ToListAsync());
        Assert.DoesNotContain("Zanardelli", System.Text.Encoding.UTF8.GetString(Assert.Single(raw)), StringComparison.Ordinal);

        // A receiving organisation that may see the identity but not the contacts does not see where the person lives.
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(ids[0], new("Referral", "Written", w.Shelter.Id), w.NgoSupervisor));
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(ids[0], new("SharingIdentifiableData", "Written", w.Shelter.Id), w.NgoSupervisor));
        var referral = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(ids[0], new(w.Shelter.Id, ["shelter"], ["Identity"], null, null, null), w.NgoSupervisor));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(referral.Id, "Accept", null, w.ShelterWorker));
        var seen = await t.With(sp => sp.Get<GetCase>().HandleAsync(ids[0], w.ShelterWorker));
        Assert.Equal("Olena", seen.Person!.GivenName);
        Assert.Null(seen.Person.Mailing);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_BadMailingCells_NameRowAndColumn_SaveNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var csv = Header + "\r\nA-1,Olena,IT,2026-01-05,Via Roma 1,Bari,,70121,IT\r\n"
            + "A-2,Amina,IT,2026-01-05,Via Roma 2,Bari,,70121,Italy\r\n"
            + $"A-3,Iryna,IT,2026-01-05,{new string('x', 201)},{new string('y', 101)},,{new string('9', 21)},\r\n";
        var result = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal(
        [
            "row 3, prs_MailingCountry: Unknown country: use an ISO 3166 alpha-2 or alpha-3 code such as UA or UKR.",
            "row 4, prs_MailingStreet: Must be at most 200 characters.",
            "row 4, prs_MailingCity: Must be at most 100 characters.",
            "row 4, prs_MailingPostalCode: Must be at most 20 characters.",
        ], result.Errors.Select(e => e.ToString()));
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }

    [Fact]
    public async Task Register_BadMailingFields_NameTheField_UpdateReplacesTheAddress_AuditNamesOnlyTheField()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var ex = await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(CaseWorld.Input() with { MailingCountry = "Narnia" }));
        Assert.Equal("mailingCountry", ex.Field);
        ex = await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(CaseWorld.Input() with { MailingPostalCode = new string('1', 21) }));
        Assert.Equal("mailingPostalCode", ex.Field);
        ex = await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(CaseWorld.Input() with { MailingStreet = new string('s', 201) }));
        Assert.Equal("mailingStreet", ex.Field);
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));

        var c = await w.RegisterAsync(CaseWorld.Input() with { MailingStreet = " Via Sparano 5 ", MailingCity = "Bari", MailingCountry = "IT" });
        var edit = await t.With(sp => sp.Get<GetPersonForEdit>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal(("Via Sparano 5", "Bari", null, null, "ITA"),
            (edit.Person.MailingStreet, edit.Person.MailingCity, edit.Person.MailingState, edit.Person.MailingPostalCode, edit.Person.MailingCountry));
        await t.With(sp => sp.Get<UpdatePerson>().HandleAsync(c.CaseId, edit.Version,
            edit.Person with { MailingStreet = "Rua Augusta 10", MailingCity = "Lisboa", MailingPostalCode = "1100-053", MailingCountry = "PRT" }, w.NgoWorker));
        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal(new MailingAddress("Rua Augusta 10", "Lisboa", null, "1100-053", "PRT"), view.Person!.Mailing);
        var purpose = await t.With(sp => sp.Db().AuditEntries.Where(a => a.Event == Palermo.Audit.AuditEvent.PersonUpdated).Select(a => a.Purpose).SingleAsync());
        Assert.EndsWith(": mailingAddress", purpose, StringComparison.Ordinal);

        var bad = await t.With(sp => sp.Get<GetPersonForEdit>().HandleAsync(c.CaseId, w.NgoWorker));
        ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<UpdatePerson>().HandleAsync(c.CaseId, bad.Version, bad.Person with { MailingCountry = "XX" }, w.NgoWorker)));
        Assert.Equal("mailingCountry", ex.Field);
        Assert.Equal("PRT", (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Person!.Mailing!.Country);
    }
}
