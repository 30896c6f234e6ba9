using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Assistance;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Tests.Cases;

namespace Palermo.Tests.Assistance;

public sealed class ServiceCatalogueTests
{
    private static async Task<Actor> AdminAsync(TestDatabase t, CaseWorld w)
    {
        var u = await t.With(sp => sp.Get<CreateUser>().HandleAsync(new($"admin-{Guid.NewGuid():N}@x.example", w.Ngo.Id.ToString(), [nameof(Role.SystemAdministrator)]), Actor.Cli));
        return new Actor(u.User.Id, w.Ngo.Id, new HashSet<Role> { Role.SystemAdministrator }, "127.0.0.1");
    }

    [Theory]
    [InlineData("", "Mental health", "code")]
    [InlineData("Mental-Health", "Mental health", "code")]
    [InlineData("mental health", "Mental health", "code")]
    [InlineData("mental_health", "Mental health", "code")]
    [InlineData("-mental", "Mental health", "code")]
    [InlineData("shelter", "Another shelter", "code")] // already in the catalogue
    [InlineData("mental-health", "  ", "name")]
    public async Task Add_BadOrDuplicateInput_NamesTheField_AddsNothing(string code, string name, string field)
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var admin = await AdminAsync(t, w);
        var before = await t.With(sp => sp.Db().Set<ServiceType>().CountAsync());
        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AddServiceType>().HandleAsync(new(code, name), admin)));
        Assert.Equal(field, ex.Field);
        Assert.Equal(before, await t.With(sp => sp.Db().Set<ServiceType>().CountAsync()));
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.ServiceTypeAdded)));
    }

    [Fact]
    public void Code_TooLong_IsAFieldError() =>
        Assert.Equal("code", Assert.Throws<DomainException>(() => ServiceType.Create(new string('a', ServiceType.CodeMaxLength + 1), "x")).Field);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddRenameDeactivate_RecordServiceRefusesADeactivatedType_OldRecordsKeepIt(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var admin = await AdminAsync(t, w);
        var c = await w.RegisterAsync();

        var added = await t.With(sp => sp.Get<AddServiceType>().HandleAsync(new(" mental-health ", " Mental health "), admin));
        Assert.Equal(("mental-health", "Mental health", true), (added.Code, added.Name, added.IsActive));
        var record = await t.With(sp => sp.Get<RecordService>().HandleAsync(c.CaseId, new("mental-health", "2026-02-11", null, null, null, null), w.NgoWorker));

        var renamed = await t.With(sp => sp.Get<ChangeServiceType>().HandleAsync("mental-health", new(Name: "Mental health care"), admin));
        Assert.Equal("Mental health care", renamed.Name);
        Assert.Equal("name", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<ChangeServiceType>().HandleAsync("mental-health", new(Name: ""), admin)))).Field);

        var off = await t.With(sp => sp.Get<ChangeServiceType>().HandleAsync("mental-health", new(IsActive: false), admin));
        Assert.Equal((false, 1), (off.IsActive, off.ServicesRecorded));
        Assert.Equal("serviceCode", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<RecordService>().HandleAsync(c.CaseId, new("mental-health", "2026-02-12", null, null, null, null), w.NgoWorker)))).Field);
        // The service recorded before keeps its type, and can still be updated.
        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal("mental-health", Assert.Single(view.Services).ServiceCode);
        await t.With(sp => sp.Get<UpdateService>().HandleAsync(c.CaseId, record.Id, new(record.Version, "Delivered", "2026-02-20", "Four sessions"), w.NgoWorker));
        // A deactivated code is still taken.
        Assert.Equal("code", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AddServiceType>().HandleAsync(new("mental-health", "Again"), admin)))).Field);

        await t.With(sp => sp.Get<ChangeServiceType>().HandleAsync("mental-health", new(IsActive: true), admin));
        await t.With(sp => sp.Get<RecordService>().HandleAsync(c.CaseId, new("mental-health", "2026-02-21", null, null, null, null), w.NgoWorker));

        var list = await t.With(sp => sp.Get<ListServiceTypes>().HandleAsync(admin));
        Assert.Equal(ServiceType.Defaults.Length + 1, list.Count);
        Assert.Equal(2, list.Single(x => x.Code == "mental-health").ServicesRecorded);
        var events = await t.With(sp => sp.Db().AuditEntries.Where(e => e.EntityType == nameof(ServiceType)).Select(e => e.Event).ToListAsync());
        Assert.Equal([AuditEvent.ServiceTypeAdded, AuditEvent.ServiceTypeRenamed, AuditEvent.ServiceTypeDeactivated, AuditEvent.ServiceTypeReactivated], events.Order());
    }

    [Fact]
    public async Task OnlyTheSystemAdministrator_ConfiguresTheCatalogue()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        foreach (var actor in new[] { w.NgoWorker, w.NgoSupervisor, w.Analyst })
        {
            await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<ListServiceTypes>().HandleAsync(actor)));
            await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<AddServiceType>().HandleAsync(new("x-ray", "X-ray"), actor)));
            await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<ChangeServiceType>().HandleAsync("shelter", new(IsActive: false), actor)));
        }

        Assert.True(await t.With(sp => sp.Db().Set<ServiceType>().AnyAsync(s => s.Code == "shelter" && s.IsActive)));
        await Assert.ThrowsAsync<NotFoundException>(async () => await t.With(sp => sp.Get<ChangeServiceType>().HandleAsync("no-such-type", new(Name: "x"), Actor.Cli)));
    }
}
