using System.Text;
using Microsoft.EntityFrameworkCore;
using Palermo.Assistance;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Cases.Htcds;
using Palermo.Data;
using Palermo.Tests.Cases.Htcds;

namespace Palermo.Tests.Cases;

public sealed class SupportPlanTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SupportPlan_RecordedThenChanged_SealedAtRest_StaleVersionIsAConflict(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var first = await t.With(sp => sp.Get<SaveSupportPlan>().HandleAsync(c.CaseId, new(["Health", "Legal"], "Recover from injuries near Brindisi", "Clinic weekly", "2026-09-30", null), w.NgoWorker));
        Assert.Equal(SupportPlanType.Health | SupportPlanType.Legal, first.Types);

        var changed = await t.With(sp => sp.Get<SaveSupportPlan>().HandleAsync(c.CaseId, new(["Livelihood"], "Find work", null, "2026-12-31", "2026-02-28", first.Version), w.NgoSupervisor));
        Assert.Equal(SupportPlanType.Livelihood, changed.Types);
        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal(("Find work", (string?)null, new DateOnly(2026, 2, 28)), (view.SupportPlan!.Objectives, view.SupportPlan.ActionPlan, view.SupportPlan.ActualEndDate!.Value));

        // Someone still holding the first version (or a second "new plan" form) cannot overwrite.
        await Assert.ThrowsAsync<ConflictException>(() => t.With(sp => sp.Get<SaveSupportPlan>().HandleAsync(c.CaseId, new(["Education"], null, null, null, null, first.Version), w.NgoWorker)));
        await Assert.ThrowsAsync<ConflictException>(() => t.With(sp => sp.Get<SaveSupportPlan>().HandleAsync(c.CaseId, new(["Education"], null, null, null, null), w.NgoWorker)));
        Assert.Equal(SupportPlanType.Livelihood, (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).SupportPlan!.Types);

        var raw = await t.With(sp => sp.Db().Database.SqlQuery<byte[]>($"SELECT \"Objectives\" AS \"Value\" FROM \"SupportPlan\"").ToListAsync());
        Assert.DoesNotContain("Find work", Encoding.UTF8.GetString(Assert.Single(raw)), StringComparison.Ordinal);
        var events = await t.With(sp => sp.Db().AuditEntries.Select(e => e.Event).ToListAsync());
        Assert.Equal(1, events.Count(e => e == AuditEvent.SupportPlanRecorded));
        Assert.Equal(1, events.Count(e => e == AuditEvent.SupportPlanUpdated));

        // Another organisation cannot touch it.
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<SaveSupportPlan>().HandleAsync(c.CaseId, new(["Education"], null, null, null, null), w.ShelterWorker)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SupportPlan_TwoNewPlansAtOnce_TheSecondIsAConflict_NotAnError(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        await using var first = t.Scope();
        var db = first.Db();
        // The other form is saved after this one read "no plan" and before it saves: the unique index decides.
        var raced = false;
        db.ChangeTracker.Tracked += (_, e) =>
        {
            if (e.Entry.Entity is not SupportPlan || raced) return;
            raced = true;
            Task.Run(() => t.With(sp => sp.Get<SaveSupportPlan>().HandleAsync(c.CaseId, new(["Legal"], "Other form", null, null, null), w.NgoSupervisor))).GetAwaiter().GetResult();
        };
        var ex = await Assert.ThrowsAsync<ConflictException>(() => first.ServiceProvider.Get<SaveSupportPlan>().HandleAsync(c.CaseId, new(["Health"], "This form", null, null, null), w.NgoWorker, TestContext.Current.CancellationToken));
        Assert.Contains("already has a support plan", ex.Message, StringComparison.Ordinal);
        Assert.True(raced);

        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal(("Other form", SupportPlanType.Legal), (view.SupportPlan!.Objectives, view.SupportPlan.Types));
        // The loser's audit entry is not written later by the same context.
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.SupportPlanRecorded)));
    }

    [Theory]
    [InlineData(new string[0], null, null, "types")]
    [InlineData(new[] { "Housing" }, null, null, "types")]
    [InlineData(new[] { "Health" }, "2026-01-01", null, "plannedEndDate")] // before identification (2026-02-10)
    [InlineData(new[] { "Health" }, null, "2027-01-01", "actualEndDate")] // in the future
    [InlineData(new[] { "Health" }, "31/12/2026", null, "plannedEndDate")]
    public async Task SupportPlan_BadInput_NamesTheField_SavesNothing(string[] types, string? planned, string? actual, string field)
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<SaveSupportPlan>().HandleAsync(c.CaseId, new(types, null, null, planned, actual), w.NgoWorker)));
        Assert.Equal(field, ex.Field);
        Assert.Equal(0, await t.With(sp => sp.Db().Set<SupportPlan>().CountAsync()));
    }

    [Fact]
    public async Task Import_SupportPlanColumns_StoredAndBadCellsNamed()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        const string header = "pal_ExternalId,prs_FirstName,pal_CountryOfDetection,pal_IdentificationDate,spl_Type,spl_Objectives,spl_PlannedEndDate,spl_ActualEndDate";
        var bad = header + "\r\nS-1,Ana,IT,2026-01-02,Housing,x,,\r\nS-2,Bo,IT,2026-01-02,,only objectives,,\r\nS-3,Cy,IT,2026-01-02,Health,,2025-01-01,\r\nS-4,Di,IT,2026-01-02,Health,,,2026-13-01\r\n";
        var result = await Import(t, w, bad);
        Assert.Equal(["row 2, spl_Type", "row 3, spl_Type", "row 4, spl_PlannedEndDate", "row 5, spl_ActualEndDate"],
            result.Errors.Select(e => e.ToString().Split(':')[0]));
        Assert.Equal(0, await t.With(sp => sp.Db().Cases.CountAsync()));

        var good = header + "\r\nS-1,Ana,IT,2026-01-02,Health;Legal,Therapy,2026-06-30,\r\nS-2,Bo,IT,2026-01-02,,,,\r\n";
        Assert.True((await Import(t, w, good)).Succeeded);
        var plans = await t.With(sp => sp.Db().Set<SupportPlan>().ToListAsync());
        Assert.Equal(SupportPlanType.Health | SupportPlanType.Legal, Assert.Single(plans).Types);
    }

    [Fact]
    public async Task Import_ConsentColumn_RecordsAssistanceConsent_BadValueNamed()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        const string header = "pal_ExternalId,prs_FirstName,pal_CountryOfDetection,pal_IdentificationDate,con_Consent,cas_ReferredOrganisation";
        var bad = await Import(t, w, header + "\r\nK-1,Ana,IT,2026-01-02,maybe,\r\n");
        Assert.Equal("row 2, con_Consent: Use true or false.", Assert.Single(bad.Errors).ToString());
        Assert.True((await Import(t, w, header + "\r\nK-1,Ana,IT,2026-01-02,yes,Somewhere\r\nK-2,Bo,IT,2026-01-02,false,\r\n")).Succeeded);
        var consents = await t.With(sp => sp.Db().Consents.ToListAsync());
        Assert.Equal(Palermo.Consent.ConsentPurpose.Assistance, Assert.Single(consents).Purpose);
        Assert.Equal(0, await t.With(sp => sp.Db().Referrals.CountAsync()));
    }

    private static async Task<ImportHtcdsResult> Import(TestDatabase t, CaseWorld w, string csv)
    {
        await using var s = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await t.With(sp => sp.Get<ImportHtcds>().HandleAsync(s, HtcdsFiles.Supervisor(w.Ngo)));
    }
}
