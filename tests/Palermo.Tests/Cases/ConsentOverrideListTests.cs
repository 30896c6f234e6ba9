using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Tests.Cases;

public sealed class ConsentOverrideListTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dpo_SeesEachOverride_WhoWhenWhyApprover_WithoutThePerson(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var consented = await w.RegisterAsync(CaseWorld.Input("Amina", "Diallo"));
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(consented.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        await t.With(sp => sp.Get<CreateReferral>().HandleAsync(consented.CaseId, new(w.Shelter.Id, ["shelter"], [], null, null, null), w.NgoWorker));
        t.Time.Advance(TimeSpan.FromHours(1));
        var overridden = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["shelter", "medical"], [], null, "imminent danger", w.NgoSupervisor2.UserId), w.NgoSupervisor));

        var dpo = w.NgoSupervisor2 with { Roles = new HashSet<Role> { Role.DataProtectionOfficer } };
        // Requested, not yet approved: the named supervisor is shown as awaited, never as having approved.
        var requested = Assert.Single(await t.With(sp => sp.Get<ListConsentOverrides>().HandleAsync(dpo)));
        Assert.Null(requested.ApprovedBy);
        Assert.Null(requested.ApprovedAt);
        Assert.StartsWith("CaseSupervisor-", requested.Approver, StringComparison.Ordinal);
        Assert.Equal("AwaitingOverrideApproval", requested.State);

        t.Time.Advance(TimeSpan.FromMinutes(20));
        await t.With(sp => sp.Get<ApproveConsentOverride>().HandleAsync(overridden.Id, true, null, w.NgoSupervisor2));
        var lines = await t.With(sp => sp.Get<ListConsentOverrides>().HandleAsync(dpo));
        var line = Assert.Single(lines); // the referral made with consent is not an override
        Assert.Equal(c.Reference, line.CaseReference);
        Assert.Equal(new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), line.At);
        Assert.Equal(new DateTime(2026, 3, 1, 10, 20, 0, DateTimeKind.Utc), line.ApprovedAt);
        Assert.Equal("Safe House", line.ToOrganisation);
        Assert.Equal("imminent danger", line.Reason);
        Assert.StartsWith("CaseSupervisor-", line.RequestedBy, StringComparison.Ordinal);
        Assert.StartsWith("CaseSupervisor-", line.ApprovedBy, StringComparison.Ordinal);
        Assert.NotEqual(line.RequestedBy, line.ApprovedBy);
        Assert.Equal(line.Approver, line.ApprovedBy);
        Assert.Null(line.RefusedAt);
        Assert.Equal("Pending", line.State);
        var json = JsonSerializer.Serialize(lines);
        Assert.DoesNotContain("Olena", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Kovalenko", json, StringComparison.Ordinal);
        Assert.Equal(2, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.ConsentOverridesListed)));

        // Another organisation's officer sees none of it; a case worker may not list at all.
        var otherDpo = w.ShelterWorker with { Roles = new HashSet<Role> { Role.DataProtectionOfficer } };
        Assert.Empty(await t.With(sp => sp.Get<ListConsentOverrides>().HandleAsync(otherDpo)));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<ListConsentOverrides>().HandleAsync(w.NgoSupervisor)));
    }
}
