using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.Tests.Cases;

public sealed class RegisterVictimTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Register_ValidInput_CreatesReferencedCaseWhoseOwnerCanReadIt(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var first = await w.RegisterAsync();
        var second = await w.RegisterAsync(CaseWorld.Input("Amina", "Diallo"));
        Assert.Equal("PAL-2026-000001", first.Reference);
        Assert.Equal("PAL-2026-000002", second.Reference);
        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(first.CaseId, w.NgoWorker));
        Assert.Equal("Olena", view.Person!.GivenName);
        Assert.Equal(["UKR"], view.Person.Citizenships);
        Assert.Equal(27, view.AgeAtIdentification);
        Assert.Equal(ExploitationType.SexualExploitation, view.Exploitation);
        Assert.Equal(2, view.Events.Count);
        var events = await t.With(sp => sp.Db().AuditEntries.Select(e => e.Event).ToListAsync());
        Assert.Contains(AuditEvent.CaseRegistered, events);
        Assert.Contains(AuditEvent.PersonRead, events);
    }

    [Theory]
    [InlineData(nameof(CaseInput.GivenName), "", "givenName")]
    [InlineData(nameof(CaseInput.BirthDate), "2026-03-01", "birthDate")]
    [InlineData(nameof(CaseInput.BirthDate), "12/04/1998", "birthDate")]
    [InlineData(nameof(CaseInput.IdentificationDate), "2027-01-01", "identificationDate")]
    [InlineData(nameof(CaseInput.IdentificationDate), "", "identificationDate")]
    [InlineData(nameof(CaseInput.CountryOfDetection), "XYZ", "countryOfDetection")]
    [InlineData(nameof(CaseInput.EstimatedAge), "130", "estimatedAge")]
    [InlineData(nameof(CaseInput.EstimatedAge), "-3", "estimatedAge")]
    [InlineData(nameof(CaseInput.Gender), "Female", "gender")]
    [InlineData(nameof(CaseInput.TraffickingStatus), "Maybe", "traffickingStatus")]
    [InlineData(nameof(CaseInput.Risk), "2", "risk")]
    public async Task Register_BadField_NamesItAndSavesNothing(string property, string value, string field)
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var input = CaseWorld.Input();
        typeof(CaseInput).GetProperty(property)!.SetValue(input, value);
        if (property == nameof(CaseInput.EstimatedAge)) input = input with { BirthDate = null };
        var ex = await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(input));
        Assert.Equal(field, ex.Field);
        Assert.Equal(0, await t.With(sp => sp.Db().Cases.CountAsync()));
        Assert.Equal(0, await t.With(sp => sp.Db().Persons.CountAsync()));
    }

    [Fact]
    public async Task Register_UnknownCitizenshipOrPicklistValue_IsRefused()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        Assert.Equal("citizenships", (await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(CaseWorld.Input() with { Citizenships = ["Ukraine"] }))).Field);
        Assert.Equal("exploitation", (await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(CaseWorld.Input() with { Exploitation = ["Smuggling"] }))).Field);
        Assert.Equal("events", (await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(CaseWorld.Input() with { Events = [new EventInput("Transit", "ZZZ", null)] }))).Field);
    }

    [Fact]
    public async Task Register_SimilarPersonInSameOrganisation_WarnsWithReferenceOnly()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var first = await w.RegisterAsync(CaseWorld.Input("Mohammed", "Hussein"));
        var again = await w.RegisterAsync(CaseWorld.Input("Muhammad", "Husein"));
        Assert.Equal([first.Reference], again.PossibleDuplicates);
        // Another organisation is not told about the first organisation's case.
        var elsewhere = await w.RegisterAsync(CaseWorld.Input("Mohammed", "Hussein"), w.ShelterWorker);
        Assert.Empty(elsewhere.PossibleDuplicates);
        var unrelated = await w.RegisterAsync(CaseWorld.Input("Grace", "Okafor") with { BirthDate = "1985-01-01", Citizenships = ["NG"] });
        Assert.Empty(unrelated.PossibleDuplicates);
    }

    [Fact]
    public async Task ListCases_FiltersLookupAndNameSearch_StayInsideTheOrganisation()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var olena = await w.RegisterAsync();
        await w.RegisterAsync(CaseWorld.Input("Juan", "Garcia") with { Exploitation = ["ForcedLabour"], SexExploitation = [], Citizenships = ["MX"], DocumentNumber = "X1" });
        await w.RegisterAsync(CaseWorld.Input("Olena", "Kovalenko"), w.ShelterWorker);
        Task<CasePage> List(CaseQuery q) => t.With(sp => sp.Get<ListCases>().HandleAsync(q, w.NgoWorker));
        Assert.Equal(2, (await List(new CaseQuery())).Total);
        Assert.Equal("PAL-2026-000002", Assert.Single((await List(new CaseQuery { Exploitation = "ForcedLabour" })).Items).Reference);
        Assert.Equal(olena.Reference, Assert.Single((await List(new CaseQuery { Lookup = olena.Reference.ToLowerInvariant() })).Items).Reference);
        Assert.Equal(olena.Reference, Assert.Single((await List(new CaseQuery { Lookup = "fe-123456" })).Items).Reference);
        Assert.Equal(olena.Reference, Assert.Single((await List(new CaseQuery { Name = "Elena Kovalenko" })).Items).Reference);
        Assert.Empty((await List(new CaseQuery { Name = "Tatiana Smirnova" })).Items);
        Assert.Equal("pageSize", (await Assert.ThrowsAsync<DomainException>(() => List(new CaseQuery { PageSize = 1000 }))).Field);
        Assert.Equal("from", (await Assert.ThrowsAsync<DomainException>(() => List(new CaseQuery { From = "2026-05-01", To = "2026-01-01" }))).Field);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery(), w.Analyst)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CloseCase_StaleVersion_ConflictsAndNothingIsOverwritten(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var version = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;
        await t.With(sp => sp.Get<CloseCase>().HandleAsync(c.CaseId, version, "Closed", "assistance completed", w.NgoWorker));
        await Assert.ThrowsAsync<ConflictException>(() => t.With(sp => sp.Get<CloseCase>().HandleAsync(c.CaseId, version, "Reopen", null, w.NgoSupervisor)));
        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal(CaseStatus.Closed, view.Status);
        await t.With(sp => sp.Get<CloseCase>().HandleAsync(c.CaseId, view.Version, "Reopen", null, w.NgoWorker));
        var reopened = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal(CaseStatus.Active, reopened.Status);
        var noReason = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<CloseCase>().HandleAsync(c.CaseId, reopened.Version, "Closed", " ", w.NgoWorker)));
        Assert.Equal("reason", noReason.Field);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lifecycle_ActiveFollowUpClosedAndBack_EveryMoveAudited_BadMovesNameCloseAs(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        async Task<CaseView> Move(string to, string? reason = null)
        {
            var v = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;
            await t.With(sp => sp.Get<CloseCase>().HandleAsync(c.CaseId, v, to, reason, w.NgoWorker));
            return await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        }

        Assert.Equal(CaseStatus.FollowUp, (await Move("FollowUp")).Status);
        Assert.Equal(CaseStatus.Active, (await Move("Reopen")).Status);
        Assert.Equal(CaseStatus.FollowUp, (await Move("FollowUp")).Status);
        var closed = await Move("ClosedReferred", "moved to the shelter's programme");
        Assert.Equal((CaseStatus.ClosedReferred, "moved to the shelter's programme"), (closed.Status, closed.ClosureReason));
        Assert.Equal("closeAs", (await Assert.ThrowsAsync<DomainException>(() => Move("FollowUp"))).Field);
        Assert.Equal("closeAs", (await Assert.ThrowsAsync<DomainException>(() => Move("Archived"))).Field);
        Assert.Equal(CaseStatus.Active, (await Move("Reopen")).Status);
        Assert.Equal("closeAs", (await Assert.ThrowsAsync<DomainException>(() => Move("Active"))).Field);

        var events = await t.With(sp => sp.Db().AuditEntries.Where(e => e.EntityId == c.CaseId.ToString()).Select(e => e.Event).ToListAsync());
        Assert.Equal(2, events.Count(e => e == AuditEvent.CaseMovedToFollowUp));
        Assert.Equal(2, events.Count(e => e == AuditEvent.CaseReopened));
        Assert.Equal(1, events.Count(e => e == AuditEvent.CaseClosed));
    }

    /// <summary>
    /// The first registrations of a year (the year of identification, so also any earlier year a case is backdated to)
    /// create that year's counter row: at the same moment, none of them may fail and no number may repeat.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ConcurrentFirstRegistrationsOfAYear_AllSucceed_WithDistinctReferences(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var registrations = Enumerable.Range(0, 6).Select(i => Task.Run(() => w.RegisterAsync(CaseWorld.Input("Person" + i, "Family" + i) with
        {
            IdentificationDate = "2019-05-0" + (i + 1), BirthDate = "1990-01-01", Events = [],
        })));
        var refs = (await Task.WhenAll(registrations)).Select(r => r.Reference).ToList();
        Assert.Equal(6, refs.Distinct().Count());
        Assert.All(refs, r => Assert.StartsWith("PAL-2019-", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChildFlag_NotAChild_IsRefusedForSomeoneUnder18AtIdentification_NothingSaved()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        // Born 2012, identified 2026-02-10: 13 years old, so exploited as a child whatever the form says.
        var child = CaseWorld.Input() with { BirthDate = "2012-09-01", Events = [] };
        Assert.Equal("childAtExploitation", (await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(child with { ChildAtExploitation = "false" }))).Field);
        Assert.Equal("childAtExploitation", (await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(
            child with { BirthDate = null, EstimatedAge = "15", ChildAtExploitation = "no" }))).Field);
        Assert.Equal(0, await t.With(sp => sp.Db().Cases.CountAsync()));

        // Left to the age it is a child; an adult at identification may still have been exploited as a child.
        var derived = await w.RegisterAsync(child);
        Assert.True((await t.With(sp => sp.Get<GetCase>().HandleAsync(derived.CaseId, w.NgoWorker))).ChildAtExploitation);
        var adult = await w.RegisterAsync(CaseWorld.Input("Marta", "Horvat") with { ChildAtExploitation = "true" });
        Assert.True((await t.With(sp => sp.Get<GetCase>().HandleAsync(adult.CaseId, w.NgoWorker))).ChildAtExploitation);

        // An adult found to be 13 when identified (a corrected birth date) becomes a child at exploitation too.
        var grown = await w.RegisterAsync(CaseWorld.Input("Ana", "Lukic") with { ChildAtExploitation = "false" });
        var form = await t.With(sp => sp.Get<GetPersonForEdit>().HandleAsync(grown.CaseId, w.NgoWorker));
        await t.With(sp => sp.Get<UpdatePerson>().HandleAsync(grown.CaseId, form.Version, form.Person with { BirthDate = "2012-09-01" }, w.NgoWorker));
        var corrected = await t.With(sp => sp.Get<GetCase>().HandleAsync(grown.CaseId, w.NgoWorker));
        Assert.Equal((13, true), (corrected.AgeAtIdentification, corrected.ChildAtExploitation));
    }

    [Fact]
    public async Task MistypedYears_InEventsAndTheIncomingReferral_AreRefusedNamingTheField()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var noBirth = CaseWorld.Input() with { BirthDate = null };
        Assert.Equal("events", (await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(noBirth with { Events = [new EventInput("Recruitment", "UKR", "0202-09-01")] }))).Field);
        Assert.Equal("incomingReferralDate", (await Assert.ThrowsAsync<DomainException>(() => w.RegisterAsync(noBirth with
        {
            ReferringOrganisation = "Outreach", IncomingReferralDate = "0026-02-01",
        }))).Field);
        Assert.Equal(0, await t.With(sp => sp.Db().Cases.CountAsync()));
    }
}
