using Microsoft.EntityFrameworkCore;
using Palermo.Assistance;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Referrals;
using Palermo.Tests.Cases;

namespace Palermo.Tests.Assistance;

public sealed class UpdateServiceTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    private static ServiceRecord Planned() => new(Guid.NewGuid(), "shelter", Guid.NewGuid(), new DateOnly(2026, 2, 11), null, ServiceStatus.Planned, null, null, Now);

    [Theory]
    [InlineData(ServiceStatus.Planned, ServiceStatus.InProgress, true)]
    [InlineData(ServiceStatus.Planned, ServiceStatus.Delivered, true)]
    [InlineData(ServiceStatus.Planned, ServiceStatus.Cancelled, true)]
    [InlineData(ServiceStatus.InProgress, ServiceStatus.Delivered, true)]
    [InlineData(ServiceStatus.InProgress, ServiceStatus.Cancelled, true)]
    [InlineData(ServiceStatus.InProgress, ServiceStatus.Planned, false)]
    [InlineData(ServiceStatus.Delivered, ServiceStatus.InProgress, false)]
    [InlineData(ServiceStatus.Delivered, ServiceStatus.Cancelled, false)]
    [InlineData(ServiceStatus.Cancelled, ServiceStatus.Delivered, false)]
    [InlineData(ServiceStatus.Cancelled, ServiceStatus.Planned, false)]
    public void Status_MovesForwardOnly(ServiceStatus from, ServiceStatus to, bool allowed)
    {
        var s = new ServiceRecord(Guid.NewGuid(), "food", Guid.NewGuid(), new DateOnly(2026, 2, 11), new DateOnly(2026, 2, 20), from, null, null, Now);
        if (allowed)
        {
            s.Update(to, new DateOnly(2026, 2, 20), "done", Now);
            Assert.Equal((to, "done"), (s.Status, s.Outcome));
        }
        else
        {
            Assert.Equal("status", Assert.Throws<DomainException>(() => s.Update(to, new DateOnly(2026, 2, 20), "done", Now)).Field);
            Assert.Equal((from, (string?)null), (s.Status, s.Outcome));
        }
    }

    [Fact]
    public void Finished_KeepsItsStatus_ButItsEndAndOutcomeCanBeCorrected()
    {
        var s = Planned();
        s.Update(ServiceStatus.Delivered, new DateOnly(2026, 2, 28), "Housed", Now);
        s.Update(ServiceStatus.Delivered, new DateOnly(2026, 2, 27), "  Housed for 16 nights ", Now);
        Assert.Equal((new DateOnly(2026, 2, 27), "Housed for 16 nights"), (s.EndDate!.Value, s.Outcome));
        s.Update(ServiceStatus.Delivered, new DateOnly(2026, 2, 27), " ", Now);
        Assert.Null(s.Outcome);
    }

    [Theory]
    [InlineData(ServiceStatus.InProgress, "2026-02-10", "endDate")] // before the start (2026-02-11)
    [InlineData(ServiceStatus.Delivered, "2026-03-02", "endDate")] // a finished service cannot end tomorrow
    [InlineData(ServiceStatus.Cancelled, "2026-04-01", "endDate")]
    [InlineData(ServiceStatus.InProgress, "2027-03-02", "endDate")] // further than recording allows
    [InlineData(ServiceStatus.Planned, "2026-02-11", "")]
    [InlineData(ServiceStatus.InProgress, "2026-06-30", "")] // a running service may carry its expected end
    [InlineData(ServiceStatus.Delivered, "2026-03-01", "")]
    public void Dates_AreCheckedAsWhenRecording(ServiceStatus status, string end, string field)
    {
        var s = Planned();
        var date = DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture);
        if (field.Length == 0)
        {
            s.Update(status, date, null, Now);
            Assert.Equal(date, s.EndDate);
            return;
        }

        Assert.Equal(field, Assert.Throws<DomainException>(() => s.Update(status, date, null, Now)).Field);
        Assert.Equal((ServiceStatus.Planned, (DateOnly?)null), (s.Status, s.EndDate));
        // Recording the same service in that state (RecordService validates with the same rules) is refused on the same field.
        Assert.Equal(field, Assert.Throws<DomainException>(() => ServiceRecord.Validate(new DateOnly(2026, 2, 11), date, status, null, Now)).Field);
    }

    [Fact]
    public void Outcome_TooLong_IsAFieldError() =>
        Assert.Equal("outcome", Assert.Throws<DomainException>(() => Planned().Update(ServiceStatus.Delivered, null, new string('x', ServiceRecord.OutcomeMaxLength + 1), Now)).Field);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task UpdateService_OwnerAndProvider_StaleVersionIsAConflict_OthersSeeNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        Assert.Equal("endDate", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<RecordService>().HandleAsync(c.CaseId, new("medical", "2026-02-11", "2026-03-05", "Delivered", null, null), w.NgoWorker)))).Field);
        var own = await t.With(sp => sp.Get<RecordService>().HandleAsync(c.CaseId, new("medical", "2026-02-11", null, null, null, null), w.NgoWorker));
        Task<ServiceRecord> Update(Guid id, ServiceUpdate u, Palermo.Accounts.Actor a) => t.With(sp => sp.Get<UpdateService>().HandleAsync(c.CaseId, id, u, a));

        var started = await Update(own.Id, new(own.Version, "InProgress", null, null), w.NgoWorker);
        var delivered = await Update(own.Id, new(started.Version, "Delivered", "2026-02-25", "Treated; follow-up in April"), w.NgoSupervisor);
        var stored = await t.With(sp => sp.Db().Services.SingleAsync(s => s.Id == own.Id));
        Assert.Equal((ServiceStatus.Delivered, new DateOnly(2026, 2, 25), "Treated; follow-up in April"), (stored.Status, stored.EndDate!.Value, stored.Outcome));
        Assert.Equal(2, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.ServiceUpdated)));

        // Someone still holding the first version cannot overwrite; a blank status keeps the stored one.
        await Assert.ThrowsAsync<ConflictException>(() => Update(own.Id, new(started.Version, "Cancelled", "2026-02-20", null), w.NgoWorker));
        Assert.Equal(ServiceStatus.Delivered, (await Update(own.Id, new(delivered.Version, " ", "2026-02-24", "Treated"), w.NgoWorker)).Status);
        Assert.Equal("status", (await Assert.ThrowsAsync<DomainException>(() => Update(own.Id, new(delivered.Version + 1, "Sleeping", null, null), w.NgoWorker))).Field);

        // No referral: another organisation cannot reach the case's services; an analyst none at all.
        await Assert.ThrowsAsync<NotFoundException>(() => Update(own.Id, new(0, "Cancelled", null, null), w.ShelterWorker));
        await Assert.ThrowsAsync<NotFoundException>(() => Update(own.Id, new(0, "Cancelled", null, null), w.Analyst));
        await Assert.ThrowsAsync<NotFoundException>(() => Update(Guid.NewGuid(), new(0, "Cancelled", null, null), w.NgoWorker));

        // A receiver sharing services updates the services it gives, never the owner's.
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        var referral = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["shelter"], ["Services"], null, null, null), w.NgoWorker));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(referral.Id, "Accept", null, w.ShelterWorker));
        var shelter = await t.With(sp => sp.Get<RecordService>().HandleAsync(c.CaseId, new("shelter", "2026-02-12", null, "InProgress", null, null), w.ShelterWorker));
        Assert.Equal(ServiceStatus.Delivered, (await Update(shelter.Id, new(shelter.Version, "Delivered", "2026-02-28", "Moved to own flat"), w.ShelterWorker)).Status);
        await Assert.ThrowsAsync<NotFoundException>(() => Update(own.Id, new(0, null, null, "changed by the shelter"), w.ShelterWorker));
        // The owner manages every service of its case, the receiver's too.
        var fixedBy = await Update(shelter.Id, new(shelter.Version + 1, null, "2026-02-27", "Moved to own flat"), w.NgoWorker);
        Assert.Equal(new DateOnly(2026, 2, 27), fixedBy.EndDate);
    }
}
