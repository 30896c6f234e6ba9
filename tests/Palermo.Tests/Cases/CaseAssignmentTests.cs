using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.Tests.Cases;

/// <summary>Assigning workers to a case: what "assigned to me" in the case list reads.</summary>
public sealed class CaseAssignmentTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AssignedColleague_FindsTheCaseUnderAssignedToMe_UntilRemoved(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        Task<CasePage> Mine(Palermo.Accounts.Actor a) => t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { AssignedToMe = true }, a));
        Task Assign(Guid user, bool assign, Palermo.Accounts.Actor? by = null) => t.With(sp => sp.Get<AssignCase>().HandleAsync(c.CaseId, user, assign, by ?? w.NgoSupervisor));
        Assert.Empty((await Mine(w.NgoSupervisor2)).Items);

        await Assign(w.NgoSupervisor2.UserId!.Value, true);
        await Assign(w.NgoSupervisor2.UserId!.Value, true);
        Assert.Equal(c.Reference, Assert.Single((await Mine(w.NgoSupervisor2)).Items).Reference);
        var view = await t.With(sp => sp.Get<ListCaseAssignments>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal([w.NgoWorker.UserId!.Value, w.NgoSupervisor2.UserId!.Value], view.Assigned.Select(a => a.UserId));
        Assert.Contains(view.Colleagues, s => s.UserId == w.NgoSupervisor.UserId);
        Assert.DoesNotContain(view.Colleagues, s => s.UserId == w.Analyst.UserId || s.UserId == w.ShelterWorker.UserId);

        await Assign(w.NgoSupervisor2.UserId!.Value, false);
        Assert.Empty((await Mine(w.NgoSupervisor2)).Items);
        Assert.Single((await Mine(w.NgoWorker)).Items);
        var audit = await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == AuditEvent.CaseWorkerAssigned || e.Event == AuditEvent.CaseWorkerUnassigned).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal([AuditEvent.CaseWorkerAssigned, AuditEvent.CaseWorkerUnassigned], audit.Select(e => e.Event));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Assignment_OutsideTheOrganisationOrToSomeoneWhoDoesNotReadCases_IsRefused(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        Task Assign(Guid user, Palermo.Accounts.Actor by) => t.With(sp => sp.Get<AssignCase>().HandleAsync(c.CaseId, user, true, by));
        // Another organisation's worker cannot touch the case, nor list who works on it.
        await Assert.ThrowsAsync<NotFoundException>(() => Assign(w.ShelterWorker.UserId!.Value, w.ShelterWorker));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<ListCaseAssignments>().HandleAsync(c.CaseId, w.ShelterWorker)));
        // Another organisation's account, an analyst and an unknown id get the same answer: nothing is confirmed.
        foreach (var user in new[] { w.ShelterWorker.UserId!.Value, w.Analyst.UserId!.Value, Guid.NewGuid() })
        {
            Assert.Equal("userId", (await Assert.ThrowsAsync<DomainException>(() => Assign(user, w.NgoWorker))).Field);
        }

        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.CaseWorkerAssigned)));
    }
}
