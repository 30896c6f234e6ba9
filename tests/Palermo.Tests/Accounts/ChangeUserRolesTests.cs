using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Tests.Accounts;

public sealed class ChangeUserRolesTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AnAccountWithoutOrganisation_StaysASystemAdministrator_AndARefusalSavesNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        // The first administrator, as the setup link makes it: no organisation.
        var first = new PalermoUser("first@coordination.example", null, t.Time.GetUtcNow().UtcDateTime)
        {
            NormalizedEmail = "FIRST@COORDINATION.EXAMPLE", NormalizedUserName = "FIRST@COORDINATION.EXAMPLE",
        };
        await t.With(async sp =>
        {
            var db = sp.Db();
            db.Users.Add(first);
            db.UserRoles.Add(new() { UserId = first.Id, RoleId = PalermoRole.IdOf(Role.SystemAdministrator) });
            await db.SaveChangesAsync();
        });
        var before = await t.With(sp => sp.Db().AuditEntries.CountAsync());

        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<ChangeUserRoles>().HandleAsync(first.Id, ["SystemAdministrator", "CaseWorker"], Actor.Cli)));
        Assert.Equal("roles", ex.Field);
        Assert.Contains("no organisation", ex.Message, StringComparison.Ordinal);
        var roles = await t.With(sp => sp.Db().UserRoles.Where(r => r.UserId == first.Id).Select(r => r.RoleId).ToListAsync());
        Assert.Equal([PalermoRole.IdOf(Role.SystemAdministrator)], roles);
        Assert.Equal(before, await t.With(sp => sp.Db().AuditEntries.CountAsync()));
        Assert.False(await t.With(sp => sp.Get<ChangeUserRoles>().HandleAsync(first.Id, ["SystemAdministrator"], Actor.Cli)));
    }

    [Fact]
    public async Task AnOrganisationAdministrator_CannotTouchASystemAdministratorsRoles()
    {
        await using var t = await TestDatabase.CreateAsync();
        var org = await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("Mine", "NonGovernmentalOrganisation", "ITA"), Actor.Cli));
        var sysadmin = await t.With(sp => sp.Get<CreateUser>().HandleAsync(new("root@mine.example", org.Id.ToString(), ["SystemAdministrator"]), Actor.Cli));
        var orgAdmin = new Actor(Guid.NewGuid(), org.Id, new HashSet<Role> { Role.OrganisationAdministrator }, "test");
        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<ChangeUserRoles>().HandleAsync(sysadmin.User.Id, ["CaseWorker"], orgAdmin)));
        Assert.Equal("roles", ex.Field);
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(a => a.Event == AuditEvent.UserRolesChanged)));
    }
}
