using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Organisations;
using Palermo.Screening;
using ScreeningRecord = Palermo.Screening.Screening;

namespace Palermo.Tests.Screening;

public sealed class RecordScreeningTests
{
    internal static readonly string[] PresumedAdult = ["1.nature-of-job-location-or-employer", "1.wages-earnings",
        "4.excessive-working-days-or-hours", "4.low-or-no-salary", "5.confiscation-of-documents", "5.debt-bondage"];

    internal static async Task<Actor> OfficerAsync(TestDatabase t, Role role = Role.FrontlineOfficer)
    {
        var org = await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("Outreach " + Guid.NewGuid().ToString("N")[..8], "Police", "ITA"), Actor.Cli));
        return new Actor(Guid.NewGuid(), org.Id, new HashSet<Role> { role }, "127.0.0.1");
    }

    internal static RecordScreeningRequest Request(string list, IReadOnlyList<string> ids, IReadOnlyList<string>? forced = null) =>
        new(list, BuiltInLists.All.Single(l => l.Id == list).Version, ids, forced);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Record_PresumedVictimIndicators_StoresOutcomeListVersionAndAuditEntry(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var officer = await OfficerAsync(t);
        var recorded = await t.With(sp => sp.Get<RecordScreening>().HandleAsync(
            Request("ilo-ec-adult-labour", PresumedAdult, ["fl.debt-bondage", "fl.excessive-overtime"]), officer));

        var view = await t.With(sp => sp.Get<GetScreening>().HandleAsync(recorded.Id, officer));
        Assert.Equal(ScreeningOutcome.PresumedVictim, view.Outcome);
        Assert.Equal("presumed victim (screening)", view.OutcomeText);
        Assert.Equal([1, 4, 5], view.PositiveDimensions);
        Assert.Equal(("ilo-ec-adult-labour", "2009-cited.1"), (view.ListId, view.ListVersion));
        Assert.StartsWith("2 of 11 ILO forced-labour indicators present.", view.ForcedLabourNote, StringComparison.Ordinal);
        Assert.Contains("not a legal decision", view.Caveat, StringComparison.Ordinal);

        var stored = await t.With(sp => sp.Db().Set<ScreeningRecord>().SingleAsync());
        Assert.Equal(PresumedAdult, stored.IndicatorIds);
        Assert.Equal(officer.UserId, stored.ScreenedBy);
        var audit = await t.With(sp => sp.Db().AuditEntries.Where(e => e.EntityType == "Screening").OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal([AuditEvent.ScreeningRecorded, AuditEvent.ScreeningViewed], audit.Select(e => e.Event));
        Assert.All(audit, e => Assert.Equal(recorded.Id.ToString(), e.EntityId));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Record_UnknownIndicatorId_IsRefusedNamingIndicatorsAndSavesNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var officer = await OfficerAsync(t);
        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<RecordScreening>().HandleAsync(
            Request("ilo-ec-adult-labour", ["4.low-or-no-salary", "4.someone-called-maria"]), officer)));
        Assert.Equal("indicators", ex.Field);
        Assert.DoesNotContain("maria", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await t.With(sp => sp.Db().Set<ScreeningRecord>().CountAsync()));
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.EntityType == "Screening")));
    }

    [Fact]
    public async Task Record_UnknownListOrForcedLabourId_NamesTheField()
    {
        await using var t = await TestDatabase.CreateAsync();
        var officer = await OfficerAsync(t);
        var list = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<RecordScreening>().HandleAsync(new("no-such-list", "1", [], null), officer)));
        Assert.Equal("listId", list.Field);
        var forced = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<RecordScreening>().HandleAsync(
            Request("ilo-ec-adult-labour", [], ["fl.unknown"]), officer)));
        Assert.Equal("forcedLabourIndicators", forced.Field);
    }

    [Fact]
    public async Task GetAndList_AnotherOrganisation_SeesNothing()
    {
        await using var t = await TestDatabase.CreateAsync();
        var officer = await OfficerAsync(t);
        var other = await OfficerAsync(t, Role.CaseWorker);
        var recorded = await t.With(sp => sp.Get<RecordScreening>().HandleAsync(Request("ilo-ec-child-labour", []), officer));

        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<GetScreening>().HandleAsync(recorded.Id, other)));
        Assert.Empty(await t.With(sp => sp.Get<ListScreenings>().HandleAsync(other)));
        var own = Assert.Single(await t.With(sp => sp.Get<ListScreenings>().HandleAsync(officer)));
        Assert.Equal((recorded.Id, "not indicated by screening"), (own.Id, own.OutcomeText));
    }

    [Fact]
    public async Task Get_SameOrganisationWithoutScreeningOrCasePermission_IsNotFound()
    {
        await using var t = await TestDatabase.CreateAsync();
        var officer = await OfficerAsync(t);
        var recorded = await t.With(sp => sp.Get<RecordScreening>().HandleAsync(Request("ilo-ec-adult-sexual", []), officer));
        var analyst = officer with { UserId = Guid.NewGuid(), Roles = new HashSet<Role> { Role.Analyst } };
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<GetScreening>().HandleAsync(recorded.Id, analyst)));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<RecordScreening>().HandleAsync(Request("ilo-ec-adult-sexual", []), analyst)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AttachToCase_StoresCaseOnceAndRefusesAnotherCase(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var officer = await OfficerAsync(t);
        var recorded = await t.With(sp => sp.Get<RecordScreening>().HandleAsync(Request("ilo-ec-adult-labour", PresumedAdult), officer));
        var caseId = (await t.With(sp => sp.Get<Palermo.Cases.RegisterVictim>().HandleAsync(Palermo.Tests.Cases.CaseWorld.Input(), officer))).CaseId;
        var otherCase = (await t.With(sp => sp.Get<Palermo.Cases.RegisterVictim>().HandleAsync(Palermo.Tests.Cases.CaseWorld.Input("Amina", "Diallo"), officer))).CaseId;
        var unknown = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AttachScreeningToCase>().HandleAsync(recorded.Id, new(Guid.CreateVersion7()), officer)));
        Assert.Equal("caseId", unknown.Field);

        await t.With(sp => sp.Get<AttachScreeningToCase>().HandleAsync(recorded.Id, new(caseId), officer));
        await t.With(sp => sp.Get<AttachScreeningToCase>().HandleAsync(recorded.Id, new(caseId), officer));
        var again = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AttachScreeningToCase>().HandleAsync(recorded.Id, new(otherCase), officer)));
        var empty = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AttachScreeningToCase>().HandleAsync(recorded.Id, new(Guid.Empty), officer)));

        Assert.Equal(("caseId", "caseId"), (again.Field, empty.Field));
        Assert.Equal(caseId, (await t.With(sp => sp.Get<GetScreening>().HandleAsync(recorded.Id, officer))).CaseId);
        Assert.Equal(1, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.ScreeningAttachedToCase)));
    }

    [Fact]
    public async Task AttachToCase_OfAnErasedPerson_IsRefused()
    {
        await using var t = await TestDatabase.CreateAsync();
        var officer = await OfficerAsync(t);
        var recorded = await t.With(sp => sp.Get<RecordScreening>().HandleAsync(Request("ilo-ec-adult-labour", PresumedAdult), officer));
        var caseId = (await t.With(sp => sp.Get<Palermo.Cases.RegisterVictim>().HandleAsync(Palermo.Tests.Cases.CaseWorld.Input(), officer))).CaseId;
        var supervisor = officer with { Roles = new HashSet<Palermo.Accounts.Role> { Palermo.Accounts.Role.CaseSupervisor } };
        await t.With(sp => sp.Get<Palermo.Privacy.ErasePerson>().HandleAsync(caseId, "request of the person", supervisor));

        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AttachScreeningToCase>().HandleAsync(recorded.Id, new(caseId), officer)));
        Assert.Equal("caseId", ex.Field);
        Assert.Null((await t.With(sp => sp.Get<GetScreening>().HandleAsync(recorded.Id, officer))).CaseId);
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.ScreeningAttachedToCase)));
    }

    [Fact]
    public async Task AttachToCase_OtherOrganisation_IsNotFound()
    {
        await using var t = await TestDatabase.CreateAsync();
        var officer = await OfficerAsync(t);
        var other = await OfficerAsync(t);
        var recorded = await t.With(sp => sp.Get<RecordScreening>().HandleAsync(Request("ilo-ec-adult-labour", []), officer));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<AttachScreeningToCase>().HandleAsync(recorded.Id, new(Guid.CreateVersion7()), other)));
    }
}

public sealed class ScreeningRecordShapeTests
{
    /// <summary>A screening starts before anything is known about the person; a free-text field would invite names.</summary>
    [Fact]
    public void Screening_Entity_HasNoFreeTextField()
    {
        var text = typeof(ScreeningRecord).GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => p.Name).Order();
        Assert.Equal(["ForcedLabourListId", "ForcedLabourListVersion", "ListId", "ListVersion"], text);
    }
}
