using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Palermo.Organisations;

namespace Palermo.Tests.Data;

public sealed class SqliteDatabaseTests
{
    [Fact]
    public async Task Connection_Opened_UsesWalFullSyncAndForeignKeys()
    {
        await using var t = await TestDatabase.CreateAsync();
        await using var scope = t.Scope();
        var db = scope.Db();
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var c = db.Database.GetDbConnection();
        async Task<string> Pragma(string name)
        {
            await using var cmd = c.CreateCommand();
            if (name == "journal_mode") cmd.CommandText = "PRAGMA journal_mode";
            else if (name == "synchronous") cmd.CommandText = "PRAGMA synchronous";
            else cmd.CommandText = "PRAGMA foreign_keys";
            return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
        }

        Assert.Equal("wal", await Pragma("journal_mode"));
        Assert.Equal("2", await Pragma("synchronous")); // 2 = FULL
        Assert.Equal("1", await Pragma("foreign_keys"));
    }

    [Fact]
    public async Task ForeignKey_UserWithUnknownOrganisation_IsRefused()
    {
        await using var t = await TestDatabase.CreateAsync();
        await using var scope = t.Scope();
        var db = scope.Db();
        db.Users.Add(new Palermo.Accounts.PalermoUser("x@example.org", Guid.NewGuid(), db.UtcNow) { NormalizedEmail = "X@EXAMPLE.ORG" });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task StaleEdit_SecondWriter_GetsConflictAndFirstChangeStays(Palermo.Data.DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var id = await t.With(async sp =>
            (await sp.Get<CreateOrganisation>().HandleAsync(new("Harbour Shelter", "Shelter", "ITA"), Palermo.Accounts.Actor.Cli)).Id);
        await using var a = t.Scope();
        await using var b = t.Scope();
        var first = await a.Db().Organisations.SingleAsync(o => o.Id == id, TestContext.Current.CancellationToken);
        var second = await b.Db().Organisations.SingleAsync(o => o.Id == id, TestContext.Current.CancellationToken);
        first.Rename("Harbour Shelter North");
        await a.Db().SaveChangesAsync(TestContext.Current.CancellationToken);
        second.Rename("Harbour Shelter South");
        await Assert.ThrowsAsync<ConflictException>(() => b.Db().SaveChangesAsync(TestContext.Current.CancellationToken));
        var stored = await t.With(sp => sp.Db().Organisations.AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.Equal("Harbour Shelter North", stored.Name);
    }
}
