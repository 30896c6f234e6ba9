using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Tests.Accounts;

public sealed class CreateUserTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Create_ByCli_StoresUserRolesAndAUsableOneTimeLink(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("North Shelter", "Shelter", "ITA"), Actor.Cli));
        var created = await t.With(sp => sp.Get<CreateUser>().HandleAsync(new("worker@shelter.example", "North Shelter", ["CaseWorker", "case-supervisor"]), Actor.Cli));
        var users = await t.With(sp => sp.Get<ListUsers>().HandleAsync(Actor.Cli));
        var u = Assert.Single(users);
        Assert.Equal([Role.CaseWorker, Role.CaseSupervisor], u.Roles);
        Assert.False(u.MfaEnrolled);
        var link = await t.With(sp => sp.Db().FindUsableAsync(created.SignInToken, OneTimeLinkPurpose.SetPassword));
        Assert.Equal(created.User.Id, link!.UserId);
        // The token itself is never stored.
        Assert.False(await t.With(sp => sp.Db().OneTimeLinks.AnyAsync(l => l.TokenHash == created.SignInToken)));
    }

    [Theory]
    [InlineData("not-an-email", "North Shelter", "CaseWorker", "email")]
    [InlineData("", "North Shelter", "CaseWorker", "email")]
    [InlineData("a@b.example", "Nowhere", "CaseWorker", "organisation")]
    [InlineData("a@b.example", "North Shelter", "Wizard", "roles")]
    [InlineData("a@b.example", "North Shelter", "", "roles")]
    public async Task Create_BadInput_NamesFieldAndSavesNothing(string email, string org, string role, string field)
    {
        await using var t = await TestDatabase.CreateAsync();
        await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("North Shelter", "Shelter", "ITA"), Actor.Cli));
        var before = await t.With(sp => sp.Db().AuditEntries.CountAsync());
        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<CreateUser>().HandleAsync(new(email, org, role.Length == 0 ? [] : [role]), Actor.Cli)));
        Assert.Equal(field, ex.Field);
        Assert.Equal(0, await t.With(sp => sp.Db().Users.CountAsync()));
        Assert.Equal(before, await t.With(sp => sp.Db().AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Create_ByOrganisationAdministrator_OnlyOwnOrganisationAndNeverSystemAdministrator()
    {
        await using var t = await TestDatabase.CreateAsync();
        var mine = await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("Mine", "NonGovernmentalOrganisation", "ITA"), Actor.Cli));
        await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("Theirs", "Police", "ITA"), Actor.Cli));
        var admin = new Actor(Guid.NewGuid(), mine.Id, new HashSet<Role> { Role.OrganisationAdministrator }, "127.0.0.1");
        var other = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<CreateUser>().HandleAsync(new("x@theirs.example", "Theirs", ["CaseWorker"]), admin)));
        Assert.Equal("organisation", other.Field);
        var escalate = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<CreateUser>().HandleAsync(new("x@mine.example", "Mine", ["SystemAdministrator"]), admin)));
        Assert.Equal("roles", escalate.Field);
        var ok = await t.With(sp => sp.Get<CreateUser>().HandleAsync(new("x@mine.example", "Mine", ["CaseWorker"]), admin));
        Assert.Equal(mine.Id, ok.User.OrganisationId);
    }

    [Fact]
    public async Task IssueSignInLink_NewLink_InvalidatesOlderOnesAndCanResetMfa()
    {
        await using var t = await TestDatabase.CreateAsync();
        await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("North Shelter", "Shelter", "ITA"), Actor.Cli));
        var created = await t.With(sp => sp.Get<CreateUser>().HandleAsync(new("w@shelter.example", "North Shelter", ["CaseWorker"]), Actor.Cli));
        // Enrolled: a key and recovery codes, kept by Identity's store as tokens. The reset takes both away, so the lost
        // phone's codes stop working; another provider's token (the last code's step) is not Identity's to lose.
        await t.With(async sp =>
        {
            var db = sp.Db();
            var u = await db.Users.SingleAsync(x => x.Id == created.User.Id);
            u.TwoFactorEnabled = true;
            db.UserTokens.Add(new() { UserId = u.Id, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = Totp.NewSecret() });
            db.UserTokens.Add(new() { UserId = u.Id, LoginProvider = "[AspNetUserStore]", Name = "RecoveryCodes", Value = "AAAAA-BBBBB;CCCCC-DDDDD" });
            db.UserTokens.Add(new() { UserId = u.Id, LoginProvider = "[Palermo]", Name = "AuthenticatorLastStep", Value = "1 00" });
            return await db.SaveChangesAsync();
        });
        var fresh = await t.With(sp => sp.Get<IssueSignInLink>().HandleAsync(created.User.Id, resetMfa: true, Actor.Cli));
        Assert.False(await t.With(sp => sp.Db().Users.Where(x => x.Id == created.User.Id).Select(x => x.TwoFactorEnabled).SingleAsync()));
        Assert.Equal(["[Palermo]"], await t.With(sp => sp.Db().UserTokens.Where(x => x.UserId == created.User.Id).Select(x => x.LoginProvider).ToListAsync()));
        Assert.Null(await t.With(sp => sp.Db().FindUsableAsync(created.SignInToken, OneTimeLinkPurpose.SetPassword)));
        Assert.NotNull(await t.With(sp => sp.Db().FindUsableAsync(fresh, OneTimeLinkPurpose.SetPassword)));
        Assert.Equal(1, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.MfaReset)));
        t.Time.Advance(IdentityDefaults.SignInLinkLifetime + TimeSpan.FromMinutes(1));
        Assert.Null(await t.With(sp => sp.Db().FindUsableAsync(fresh, OneTimeLinkPurpose.SetPassword)));
    }

    [Theory]
    [InlineData("password1234", true)]
    [InlineData("Password2024!", true)]
    [InlineData("qwertyuiop123", true)]
    [InlineData("aaaaaaaaaaaaaaa", true)]
    [InlineData("maria.rossi-2026", true)]
    [InlineData("correct horse battery staple", false)]
    [InlineData("violet-lantern-orbit-42", false)]
    public void CommonPasswords_KnownWeakPasswords_AreRefused(string password, bool common) =>
        Assert.Equal(common, CommonPasswords.IsCommon(password, "maria.rossi@example.org"));
}
