using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.Tests.Cases;

public sealed class UpdateCaseFactsTests
{
    private static CaseInput Facts() => new()
    {
        TraffickingStatus = "ActualVictimOfTrafficking", StatusDecidedBy = "Police", Exploitation = ["ForcedLabour"], MethodsOfControl = ["DebtBondage"],
        LabourIndustry = "A_AgricultureForestryAndFishing", CountryOfDetection = "ESP", IdentificationDate = "2026-02-11", Risk = "Low",
        Events = [new EventInput("Recruitment", "MA", "2025-05-01"), new EventInput("Exploitation", "ESP", null)],
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Update_ChangesFactsAndEvents_KeepsThePerson_StaleVersionChangesNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var before = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        await t.With(sp => sp.Get<UpdateCaseFacts>().HandleAsync(c.CaseId, before.Version, Facts(), w.NgoWorker));

        var after = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal((TraffickingStatus.ActualVictimOfTrafficking, ExploitationType.ForcedLabour, "ESP", RiskLevel.Low), (after.TraffickingStatus, after.Exploitation, after.CountryOfDetection, after.Risk));
        Assert.Equal(["Recruitment MAR 2025-05-01", "Exploitation ESP "], after.Events.OrderBy(e => e.Type).Select(e => $"{e.Type} {e.Country} {e.Date:yyyy-MM-dd}"));
        Assert.Equal(27, after.AgeAtIdentification); // from the sealed birth date 1998-04-12, not from the form
        Assert.Equal("Kovalenko", after.Person!.FamilyName);
        Assert.Equal(2, await t.With(sp => sp.Db().Set<CaseEvent>().CountAsync()));

        // A second editor still holding the first version is refused; nothing of theirs is saved.
        var stale = await Assert.ThrowsAsync<ConflictException>(() =>
            t.With(sp => sp.Get<UpdateCaseFacts>().HandleAsync(c.CaseId, before.Version, Facts() with { Risk = "High", Events = [] }, w.NgoSupervisor)));
        Assert.Contains("changed by someone else", stale.Message, StringComparison.Ordinal);
        var still = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal(RiskLevel.Low, still.Risk);
        Assert.Equal(2, still.Events.Count);
        Assert.Equal(1, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.CaseUpdated)));
    }

    [Fact]
    public async Task Update_BadInput_NamesTheField_OtherOrganisationIsNotFound()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var v = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;
        Assert.Equal("countryOfDetection", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<UpdateCaseFacts>().HandleAsync(c.CaseId, v, Facts() with { CountryOfDetection = "XX" }, w.NgoWorker)))).Field);
        Assert.Equal("identificationDate", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<UpdateCaseFacts>().HandleAsync(c.CaseId, v, Facts() with { IdentificationDate = "2027-01-01" }, w.NgoWorker)))).Field);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<UpdateCaseFacts>().HandleAsync(c.CaseId, v, Facts(), w.ShelterWorker)));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<UpdateCaseFacts>().HandleAsync(c.CaseId, v, Facts(), w.Analyst)));
        Assert.Equal("ITA", (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).CountryOfDetection);
    }
    /// <summary>
    /// A save that fails (here a stale version) forgets the audit entries it queued: the case page reloads the case
    /// on the same context after a conflict, and that reload's save must not log a reopening that never happened.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FailedSave_ForgetsItsQueuedAuditEntries(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var version = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;
        await t.With(sp => sp.Get<CloseCase>().HandleAsync(c.CaseId, version, "Closed", "Assistance completed.", w.NgoWorker));
        await t.With(async sp =>
        {
            await Assert.ThrowsAsync<ConflictException>(() => sp.Get<CloseCase>().HandleAsync(c.CaseId, version, "Reopen", null, w.NgoWorker, TestContext.Current.CancellationToken));
            sp.Db().ChangeTracker.Clear();
            // The page's reload: reading the case audits the read and saves.
            return await sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker);
        });
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.CaseReopened && e.EntityId == c.CaseId.ToString())));
        Assert.Equal(CaseStatus.Closed, (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Status);
    }
}
