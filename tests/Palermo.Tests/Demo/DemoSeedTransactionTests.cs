using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Demo;

namespace Palermo.Tests.Demo;

/// <summary>The demo seed is one transaction, new demo passwords included.</summary>
public sealed class DemoSeedTransactionTests
{
    /// <summary>
    /// A seed that fails part-way (here the database refuses the cases) changes nothing: the demo accounts keep the
    /// passwords printed by the previous run, instead of new ones nobody saw.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FailedSeed_KeepsTheDemoPasswordsOfThePreviousRun(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        await t.With(sp => sp.Get<SeedDemo>().HandleAsync(5, 42, Actor.Cli));
        Task<List<string?>> Hashes() => t.With(sp => sp.Db().Users.OrderBy(u => u.Email).Select(u => u.PasswordHash).ToListAsync());
        var before = await Hashes();
        await t.With(async sp =>
        {
            var db = sp.Db();
            if (provider == DatabaseProvider.Postgres)
            {
                await db.Database.ExecuteSqlAsync($"CREATE FUNCTION refuse_case() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no space left'; END $$");
                await db.Database.ExecuteSqlAsync($"""CREATE TRIGGER refuse_case BEFORE INSERT ON "Case" FOR EACH ROW EXECUTE FUNCTION refuse_case()""");
            }
            else
            {
                await db.Database.ExecuteSqlAsync($"""CREATE TRIGGER refuse_case BEFORE INSERT ON "Case" BEGIN SELECT RAISE(ABORT, 'no space left'); END""");
            }

            return 0;
        });

        await Assert.ThrowsAnyAsync<Exception>(() => t.With(sp => sp.Get<SeedDemo>().HandleAsync(5, 43, Actor.Cli)));
        Assert.Equal(before, await Hashes());
        Assert.Equal(5, await t.With(sp => sp.Db().Cases.CountAsync()));
    }

    /// <summary>
    /// A second run on the same database adds cases and leaves the demo accounts as they are: a password someone chose,
    /// their authenticator and their sessions (the security stamp) stay. Only <c>resetPasswords</c> changes them.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SecondSeed_LeavesExistingDemoAccountsUntouched_UnlessAskedToReset(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var first = await t.With(sp => sp.Get<SeedDemo>().HandleAsync(5, 42, Actor.Cli));
        Assert.Equal(Enum.GetValues<Role>().Length, first.Credentials.Count);
        Assert.Empty(first.Kept);
        Task<List<string>> Accounts() => t.With(async sp =>
        {
            var db = sp.Db();
            var users = await db.Users.OrderBy(u => u.Email).Select(u => new { u.Id, u.PasswordHash, u.SecurityStamp }).ToListAsync();
            var tokens = await db.UserTokens.ToListAsync();
            return users.Select(u => $"{u.PasswordHash}|{u.SecurityStamp}|{string.Join(",", tokens.Where(k => k.UserId == u.Id).Select(k => k.Value).Order())}").ToList();
        });
        var before = await Accounts();

        var second = await t.With(sp => sp.Get<SeedDemo>().HandleAsync(5, 43, Actor.Cli));
        Assert.Empty(second.Credentials);
        Assert.Equal(first.Credentials.Select(c => c.Email), second.Kept.Select(k => k.Email));
        Assert.Equal(before, await Accounts());
        Assert.Equal(10, await t.With(sp => sp.Db().Cases.CountAsync()));

        var reset = await t.With(sp => sp.Get<SeedDemo>().HandleAsync(0, 44, Actor.Cli, resetPasswords: true));
        Assert.Equal(first.Credentials.Count, reset.Credentials.Count);
        Assert.Empty(reset.Kept);
        var after = await Accounts();
        Assert.All(after.Zip(before), p => Assert.NotEqual(p.Second, p.First));
    }
}
