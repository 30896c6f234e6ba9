using System.Text;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Assistance;
using Palermo.Consent;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Referrals;
using Palermo.Tests.Cases.Htcds;

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

        await t.With(sp => sp.Get<SetLegalHold>().HandleAsync(c.CaseId, true, "court order", w.NgoSupervisor));
        var held = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<ErasePerson>().HandleAsync(c.CaseId, "request of the person", w.NgoSupervisor)));
        Assert.Equal("legalHold", held.Field);
        await t.With(sp => sp.Get<SetLegalHold>().HandleAsync(c.CaseId, false, "proceedings concluded", w.NgoSupervisor));
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

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SubjectAccess_NamesTheReceivingOrganisation_AndListsWhatItDid_ButNothingOfAnotherPerson(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        async Task<(Guid CaseId, Guid Referral, Guid File)> ReferredWithAFileAsync(string given, string family)
        {
            var c = await w.RegisterAsync(CaseWorld.Input(given, family));
            await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
            await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("SharingIdentifiableData", "Written", w.Shelter.Id), w.NgoWorker));
            var r = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["shelter"], ["Identity", "Services"], null, null, null), w.NgoWorker));
            await t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Accept", null, w.ShelterWorker));
            var file = await t.With(sp => sp.Get<AttachToCase>().HandleAsync(c.CaseId, new($"statement-{family}.txt", "text/plain", Encoding.UTF8.GetBytes("Statement.\n")), w.NgoWorker));
            await t.With(sp => sp.Get<DownloadAttachment>().HandleAsync(c.CaseId, file.Id, w.ShelterWorker));
            return (c.CaseId, r.Id, file.Id);
        }

        var (caseId, referralId, fileId) = await ReferredWithAFileAsync("Zofia", "Kwiatkowska");
        var other = await ReferredWithAFileAsync("Ilona", "Wierzbicka");
        await t.With(sp => sp.Get<RecordService>().HandleAsync(caseId, new("shelter", "2026-02-11", null, "InProgress", null, null), w.ShelterWorker));

        var data = await t.With(sp => sp.Get<SubjectAccess>().HandleAsync(caseId, w.NgoSupervisor));
        var referral = Assert.Single(data.Referrals);
        Assert.Equal((referralId, "Harbour NGO", "Safe House", "Accepted"), (referral.Id, referral.From, referral.To, referral.State));
        Assert.Equal("Safe House", Assert.Single(data.Services).Provider);
        Assert.Equal(2, data.Consents.Count); // to the referral and to sharing the identity
        Assert.All(data.Consents, consent => Assert.Equal("Safe House", consent.Recipient));
        Assert.Contains(data.Organisations, o => o.Name == "Safe House" && o.Roles.Contains("received a referral (accepted)") && o.Roles.Contains("provided a service"));
        Assert.Equal("Harbour NGO", data.Organisations[0].Name);
        // Who received the data and what they did with it: the acceptance and the receiver's download of the file.
        Assert.Contains(data.History, h => h.Event == "ReferralAccepted" && h.EntityId == referralId.ToString() && h.Organisation == "Safe House");
        var download = Assert.Single(data.History, h => h.Event == "CaseAttachmentDownloaded");
        Assert.Equal((fileId.ToString(), "Safe House"), (download.EntityId, download.Organisation));
        Assert.Contains(data.History, h => h.Event == "ConsentRecorded");
        Assert.Contains(data.History, h => h.Event == "ServiceRecorded" && h.Organisation == "Safe House");

        // The JSON export holds the names too, and nothing of the other person referred to the same shelter.
        var json = System.Text.Json.JsonSerializer.Serialize(data, System.Text.Json.JsonSerializerOptions.Web);
        Assert.Contains("\"to\":\"Safe House\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Wierzbicka", json, StringComparison.Ordinal);
        foreach (var id in new[] { other.CaseId, other.Referral, other.File }) Assert.DoesNotContain(id.ToString(), json, StringComparison.Ordinal);

        // A file deleted since still shows who downloaded it.
        await t.With(sp => sp.Get<DeleteAttachment>().HandleAsync(caseId, fileId, w.NgoWorker));
        var later = await t.With(sp => sp.Get<SubjectAccess>().HandleAsync(caseId, w.NgoSupervisor));
        Assert.Contains(later.History, h => h.Event == "CaseAttachmentDownloaded" && h.EntityId == fileId.ToString());
        Assert.Contains(later.History, h => h.Event == "CaseAttachmentDeleted" && h.EntityId == fileId.ToString());
    }

    private const string Name = "Szczepankiewicz";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erasure_ClearsTheReadableFreeText_NoTableHoldsTheNameAfterwards_AndAReimportDoesNotRecreateThePerson(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        // Imported, so the case has an external id (the source system's key) — here one a careless export built from the name.
        var csv = HtcdsFiles.Header + ",cas_ReferringOrganisation\r\n"
            + $"{Name.ToUpperInvariant()}-77,Marta,{Name},1999-05-01,Feminine,UA,SexualExploitation,IT,2026-01-05,Parish of Father {Name}\r\n";
        Assert.Equal(1, (await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo))).Imported);
        var caseId = await t.With(sp => sp.Db().Cases.Where(c => c.OrganisationId == w.Ngo.Id).Select(c => c.Id).SingleAsync());

        // Free text a case worker may type a name into, in every readable column that holds some.
        var referral = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(caseId,
            new(w.Shelter.Id, ["shelter"], [], null, $"{Name} is in danger tonight", w.NgoSupervisor2.UserId), w.NgoSupervisor));
        await t.With(sp => sp.Get<ApproveConsentOverride>().HandleAsync(referral.Id, true, null, w.NgoSupervisor2));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(referral.Id, "Decline", $"No bed for Ms {Name}", w.ShelterWorker));
        await t.With(sp => sp.Get<RecordService>().HandleAsync(caseId, new("medical", "2026-01-06", "2026-01-07", "Delivered", $"{Name} treated at the clinic", null), w.NgoWorker));
        // Sealed ones too (shredded with the key): a note, a file's name, the support plan.
        await t.With(sp => sp.Get<AddCaseNote>().HandleAsync(caseId, new($"Called {Name}'s sister."), w.NgoWorker));
        await t.With(sp => sp.Get<AttachToCase>().HandleAsync(caseId, new($"passport-{Name}.txt", "text/plain", Encoding.UTF8.GetBytes("Copy.\n")), w.NgoWorker));
        await t.With(sp => sp.Get<SaveSupportPlan>().HandleAsync(caseId, new(["Health"], $"{Name} recovers", null, null, null), w.NgoWorker));
        var version = (await t.With(sp => sp.Get<GetCase>().HandleAsync(caseId, w.NgoWorker))).Version;
        await t.With(sp => sp.Get<CloseCase>().HandleAsync(caseId, version, "Closed", $"Ms {Name} returned home", w.NgoWorker));
        Assert.Contains(Name, await RawTextAsync(t, provider), StringComparison.OrdinalIgnoreCase);
        var before = await t.With(sp => sp.Get<GetCase>().HandleAsync(caseId, w.NgoWorker));
        var statistics = await StatisticsRowAsync(t, caseId);

        await t.With(sp => sp.Get<ErasePerson>().HandleAsync(caseId, "request of the person", w.NgoSupervisor));

        var raw = await RawTextAsync(t, provider);
        Assert.DoesNotContain(Name, raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Erasure.Marker, raw, StringComparison.Ordinal);
        var after = await t.With(sp => sp.Get<GetCase>().HandleAsync(caseId, w.NgoWorker));
        Assert.Equal(Erasure.Marker, after.ClosureReason);
        Assert.Equal(Erasure.Marker, after.IncomingReferral?.Organisation);
        Assert.Equal(Erasure.Marker, Assert.Single(after.Services).Outcome);
        Assert.Equal((Erasure.Marker, Erasure.Marker), (Assert.Single(after.Referrals).Reason, after.Referrals[0].OverrideReason));
        // The changed rows have new versions: a form opened before the erasure cannot write the text back.
        Assert.True(after.Version > before.Version);
        Assert.True(after.Services[0].Version > before.Services[0].Version);
        // The de-identified statistics row is the same; status, dates and codes stay.
        Assert.Equal(statistics, await StatisticsRowAsync(t, caseId));
        Assert.Equal(CaseStatus.Closed, after.Status);

        // The external id is kept only as a keyed pseudonym, which a re-import of the old file still recognises.
        var again = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal((0, 1), (again.Imported, again.Skipped));
        Assert.Equal(1, await t.CountCasesAsync(w.Ngo));
    }

    private static async Task<(bool, long, int, long, long)> StatisticsRowAsync(TestDatabase t, Guid caseId)
    {
        var s = await t.With(sp => sp.Db().Set<Palermo.Statistics.CaseStatistics>().AsNoTracking().SingleAsync(s => s.CaseId == caseId));
        return (s.Counted, s.PersonKey, s.Day, s.Codes, s.Places);
    }

    /// <summary>
    /// What someone holding the database (not the key files) can read. SQLite: the bytes of the database file after a
    /// checkpoint (secure_delete zeroes what an update freed), as UTF-8 and UTF-16. PostgreSQL: every row of every
    /// table as JSON text (bytea as hex, so the name's hex form is appended as the name when found).
    /// </summary>
    private static async Task<string> RawTextAsync(TestDatabase t, DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        if (provider == DatabaseProvider.Sqlite)
        {
            using (var conn = new Microsoft.Data.Sqlite.SqliteConnection(t.Settings.ConnectionString))
            {
                conn.Open();
                using var cmd = conn.CreateCommand();
                cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                cmd.ExecuteNonQuery();
            }

            var bytes = await File.ReadAllBytesAsync(Path.Combine(t.Settings.DataDir, "palermo.db"), ct);
            return Encoding.UTF8.GetString(bytes) + "|" + Encoding.Unicode.GetString(bytes) + "|" + Encoding.Unicode.GetString(bytes, 1, bytes.Length - 1);
        }

        await using var c = new Npgsql.NpgsqlConnection(t.Settings.ConnectionString);
        await c.OpenAsync(ct);
        await using (var hexBinary = c.CreateCommand())
        {
            hexBinary.CommandText = "SET xmlbinary = 'hex'";
            await hexBinary.ExecuteNonQueryAsync(ct);
        }

        await using var dump = c.CreateCommand();
        // Every row of every table of the schema, as XML text (bytea as hex), in one query.
        dump.CommandText = """
            SELECT string_agg(table_name || ':' || query_to_xml(format('SELECT * FROM %I', table_name), true, false, '')::text, '|')
            FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
            """;
        var text = (string)(await dump.ExecuteScalarAsync(ct))!;
        Assert.Contains("Referral:", text, StringComparison.Ordinal);
        var hex = Convert.ToHexString(Encoding.UTF8.GetBytes(Name));
        return text.Contains(hex, StringComparison.OrdinalIgnoreCase) ? text + Name : text;
    }

    /// <summary>A first schedule over a large backlog erases all of it in one run, not a thousand persons per run.</summary>
    [Fact]
    public async Task Retention_MoreThanOneBatch_ErasesTheWholeBacklogInOneRun()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var rows = Enumerable.Range(1, 1005).Select(i => HtcdsFiles.Row(i) + ",Closed,Assistance completed").ToArray();
        var csv = HtcdsFiles.Header + ",cas_Status,cas_ReasonForCaseClosure\r\n" + string.Join("\r\n", rows) + "\r\n";
        var imported = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.True(imported.Succeeded, string.Join("\n", imported.Errors));
        var admin = w.NgoSupervisor with { Roles = new HashSet<Role> { Role.OrganisationAdministrator } };
        await t.With(sp => sp.Get<SetRetentionPolicy>().HandleAsync(1, admin));
        t.Time.Advance(TimeSpan.FromDays(2 * 365));
        Assert.Equal(1005, await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)));
        Assert.Equal(0, await t.With(sp => sp.Db().Persons.CountAsync(p => p.ErasedAt == null)));
        Assert.Equal(0, await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)));
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

        await t.With(sp => sp.Get<SetLegalHold>().HandleAsync(held.CaseId, true, "court order", w.NgoSupervisor));
        var admin = w.NgoSupervisor with { Roles = new HashSet<Role> { Role.OrganisationAdministrator } };
        await t.With(sp => sp.Get<SetRetentionPolicy>().HandleAsync(2, admin));
        Assert.Equal(0, await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)));
        t.Time.Advance(TimeSpan.FromDays(3 * 365));
        Assert.Equal(1, await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)));
        Assert.True((await t.With(sp => sp.Get<GetCase>().HandleAsync(old.CaseId, w.NgoWorker))).PersonErased);
        Assert.Equal(Erasure.Marker, (await t.With(sp => sp.Get<GetCase>().HandleAsync(old.CaseId, w.NgoWorker))).ClosureReason);
        var kept = await t.With(sp => sp.Get<GetCase>().HandleAsync(held.CaseId, w.NgoWorker));
        Assert.False(kept.PersonErased);
        Assert.Equal("assistance completed", kept.ClosureReason);
        Assert.False((await t.With(sp => sp.Get<GetCase>().HandleAsync(open.CaseId, w.NgoWorker))).PersonErased);
        Assert.Equal("closedCaseYears", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<SetRetentionPolicy>().HandleAsync(0, admin)))).Field);
    }
}
