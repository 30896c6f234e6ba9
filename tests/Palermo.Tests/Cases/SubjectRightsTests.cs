using System.Text;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Tests.Cases;

public sealed class SubjectRightsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SubjectAccess_ReturnsEverythingHeld_AndErasureLeavesNothingReadable(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync(CaseWorld.Input("Zinaida", "Przybylska") with
        {
            MailingStreet = "Ulica Zlotoryjska 17", MailingCity = "Legnica", MailingCountry = "POL",
            PerpetratorFirstName = "Bogdan", PerpetratorSecondName = "Wrzesniewski", PerpetratorRoles = ["Exploiter"],
        });
        var data = await t.With(sp => sp.Get<SubjectAccess>().HandleAsync(c.CaseId, w.NgoSupervisor));
        Assert.Equal("Przybylska", data.Person.FamilyName);
        Assert.Equal(new MailingAddress("Ulica Zlotoryjska 17", "Legnica", null, null, "POL"), data.Person.Mailing);
        Assert.Equal("Wrzesniewski", data.Cases[0].Perpetrator?.SecondName);
        Assert.Contains(data.History, h => h.Event == "CaseRegistered");

        await t.With(sp => sp.Get<SetLegalHold>().HandleAsync(c.CaseId, true, w.NgoSupervisor));
        var held = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<ErasePerson>().HandleAsync(c.CaseId, "request of the person", w.NgoSupervisor)));
        Assert.Equal("legalHold", held.Field);
        await t.With(sp => sp.Get<SetLegalHold>().HandleAsync(c.CaseId, false, w.NgoSupervisor));
        await t.With(sp => sp.Get<ErasePerson>().HandleAsync(c.CaseId, "request of the person", w.NgoSupervisor));

        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.True(view.PersonErased);
        Assert.Null(view.Person);
        Assert.Null(view.Perpetrator); // sealed with the victim's key: shredded with the victim's data
        Assert.Equal(PerpetratorRole.Exploiter, view.PerpetratorRoles);
        // The de-identified facts the statistics count are still there.
        Assert.Equal("ITA", view.CountryOfDetection);
        Assert.Equal(ExploitationType.SexualExploitation, view.Exploitation);
        if (provider == DatabaseProvider.Sqlite)
        {
            using (var conn = new Microsoft.Data.Sqlite.SqliteConnection(t.Settings.ConnectionString))
            {
                conn.Open();
                using var cmd = conn.CreateCommand();
                cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                cmd.ExecuteNonQuery();
            }

            var raw = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Path.Combine(t.Settings.DataDir, "palermo.db"), TestContext.Current.CancellationToken));
            Assert.DoesNotContain("Przybylska", raw, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Zlotoryjska", raw, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Wrzesniewski", raw, StringComparison.OrdinalIgnoreCase);
        }

        var key = await t.With(sp => sp.Db().Persons.Where(p => p.Id == view.PersonId).Select(p => p.DataKey).SingleAsync());
        Assert.Empty(key.Wrapped);
    }

    [Fact]
    public async Task Retention_ClosedLongerThanTheSchedule_IsErasedUnlessHeld()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var old = await w.RegisterAsync(CaseWorld.Input("Old", "Closed"));
        var held = await w.RegisterAsync(CaseWorld.Input("Held", "Closed"));
        var open = await w.RegisterAsync(CaseWorld.Input("Still", "Open"));
        foreach (var id in new[] { old.CaseId, held.CaseId })
        {
            var v = (await t.With(sp => sp.Get<GetCase>().HandleAsync(id, w.NgoWorker))).Version;
            await t.With(sp => sp.Get<CloseCase>().HandleAsync(id, v, "Closed", "assistance completed", w.NgoWorker));
        }

        await t.With(sp => sp.Get<SetLegalHold>().HandleAsync(held.CaseId, true, w.NgoSupervisor));
        var admin = w.NgoSupervisor with { Roles = new HashSet<Role> { Role.OrganisationAdministrator } };
        await t.With(sp => sp.Get<SetRetentionPolicy>().HandleAsync(2, admin));
        Assert.Equal(0, await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)));
        t.Time.Advance(TimeSpan.FromDays(3 * 365));
        Assert.Equal(1, await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)));
        Assert.True((await t.With(sp => sp.Get<GetCase>().HandleAsync(old.CaseId, w.NgoWorker))).PersonErased);
        Assert.False((await t.With(sp => sp.Get<GetCase>().HandleAsync(held.CaseId, w.NgoWorker))).PersonErased);
        Assert.False((await t.With(sp => sp.Get<GetCase>().HandleAsync(open.CaseId, w.NgoWorker))).PersonErased);
        Assert.Equal("closedCaseYears", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<SetRetentionPolicy>().HandleAsync(0, admin)))).Field);
    }
}
