using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Cases.Htcds;
using Palermo.Data;

namespace Palermo.Tests.Cases.Htcds;

public sealed class ImportHtcdsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_GoodFile_StoresSealedCasesWithReferencesAndOneAuditEntry(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var result = await t.ImportAsync(HtcdsFiles.Good(5), HtcdsFiles.Supervisor(w.Ngo));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal((5, 0), (result.Imported, result.Skipped));
        await t.With(async sp =>
        {
            var db = sp.Db();
            var cases = await db.Cases.Where(c => c.OrganisationId == w.Ngo.Id).OrderBy(c => c.ExternalId).ToListAsync();
            Assert.Equal(5, cases.Select(c => c.Reference).Distinct().Count(c => c.StartsWith("PAL-2026-", StringComparison.Ordinal)));
            Assert.Equal(["EXT-1", "EXT-2", "EXT-3", "EXT-4", "EXT-5"], cases.Select(c => c.ExternalId));
            Assert.All(await db.Persons.ToListAsync(), p => Assert.NotNull(p.NameEncoding));
            var audit = Assert.Single(await db.AuditEntries.Where(a => a.Event == AuditEvent.CasesImported).ToListAsync());
            Assert.Equal("5", audit.EntityId);
            Assert.DoesNotContain("Given", audit.Purpose ?? "", StringComparison.Ordinal);
            var view = await sp.Get<GetCase>().HandleAsync(cases[0].Id, w.NgoSupervisor);
            Assert.Equal(("Given1", "Family1"), (view.Person!.GivenName, view.Person.FamilyName));
            Assert.Equal(["UKR", "MDA"], view.Person.Citizenships);
            Assert.Equal(ExploitationType.SexualExploitation | ExploitationType.ForcedLabour, view.Exploitation);
        });
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_OneBadRowAmongGood_SavesNothingAndNamesRowAndColumn(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var rows = Enumerable.Range(1, 8).Select(i => HtcdsFiles.Row(i, birth: i == 6 ? "12/05/1999" : "1999-05-01")).ToArray();
        var result = await t.ImportAsync(HtcdsFiles.Csv(rows), HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal("row 7, prs_Birthdate: Use a date in the form YYYY-MM-DD.", Assert.Single(result.Errors).ToString());
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(a => a.Event == AuditEvent.CasesImported)));
    }

    [Fact]
    public async Task Import_ManyBadCells_ReportsEveryOneWithoutValues()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var csv = HtcdsFiles.Csv(HtcdsFiles.Row(1, gender: "Secretive", country: "Atlantis"), HtcdsFiles.Row(2), HtcdsFiles.Row(3, birth: "1999-13-45"),
            "EXT-4,,Family4,,,,,IT,2026-01-01", "EXT-5,Given5,Family5,,,XX,Sorcery,IT,2030-01-01");
        var errors = (await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo))).Errors.Select(e => e.ToString()).ToList();
        Assert.Equal(
        [
            "row 2, prs_Gender: Unknown value. Use one of: NonSpecifiedUnknown, Feminine, Masculine, TransgenderFeminine, TransgenderMasculine, NonConforming.",
            "row 2, pal_CountryOfDetection: Unknown country: use ISO 3166 alpha-2 or alpha-3 codes such as UA or UKR.",
            "row 4, prs_Birthdate: Use a date in the form YYYY-MM-DD.",
            "row 5, prs_FirstName: A given name (or the name the person uses) is required.",
            "row 6, vic_TypeOfExploitation: Unknown value. Use one of: ForcedLabour, SexualExploitation, ChildLabour, ForcedMarriage, Servitude, ForcedMilitaryByNonStateActors, OrganRemoval, ForcedBegging, ForcedAdoption, Surrogacy, Other, ForcedCriminality.",
            "row 6, prs_Citizenship: Unknown country: use ISO 3166 alpha-2 or alpha-3 codes such as UA or UKR.",
        ], errors);
        Assert.All(errors, e => Assert.DoesNotContain("Atlantis", e, StringComparison.Ordinal));
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }

    [Fact]
    public async Task Import_DecisionBeforeTheIdentification_NamesTheColumn_SavesNothing()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        const string header = HtcdsFiles.Header + ",pal_ReasonableGroundsDate,pal_ReasonableGroundsOutcome,pal_ConclusiveGroundsDate,pal_ConclusiveGroundsOutcome";
        var csv = header + "\r\n"
            + "EXT-1,Given1,Family1,1999-05-01,Feminine,UA,ForcedLabour,IT,2026-01-10,2026-01-12,Positive,2026-01-20,Positive\r\n"
            + "EXT-2,Given2,Family2,1999-05-01,Feminine,UA,ForcedLabour,IT,2026-01-10,2025-12-30,Positive,,\r\n"
            + "EXT-3,Given3,Family3,1999-05-01,Feminine,UA,ForcedLabour,IT,2026-01-10,2026-01-11,Positive,2026-01-09,Negative\r\n";
        var result = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal(
        [
            "row 3, pal_ReasonableGroundsDate: A decision date cannot precede the identification date.",
            "row 4, pal_ConclusiveGroundsDate: A decision date cannot precede the identification date.",
            "row 4, pal_ConclusiveGroundsDate: The conclusive-grounds decision cannot precede the reasonable-grounds decision.",
        ], result.Errors.Select(e => e.ToString()));
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }

    [Fact]
    public async Task Import_RuleAcrossFields_NamesTheColumn()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var result = await t.ImportAsync(HtcdsFiles.Csv(HtcdsFiles.Row(1), "EXT-2,Given2,,2026-02-01,,,,IT,2026-01-01"), HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal("row 3, prs_Birthdate: The birth date cannot be after the identification date.", Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_SameFileTwice_CreatesNoDuplicates(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var actor = HtcdsFiles.Supervisor(w.Ngo);
        Assert.Equal(3, (await t.ImportAsync(HtcdsFiles.Good(3), actor)).Imported);
        var again = await t.ImportAsync(HtcdsFiles.Good(3), actor);
        Assert.Equal((0, 3), (again.Imported, again.Skipped));
        var more = await t.ImportAsync(HtcdsFiles.Good(4), actor);
        Assert.Equal((1, 3), (more.Imported, more.Skipped));
        Assert.Equal(4, await t.CountCasesAsync(w.Ngo));
        // External ids are per organisation: another organisation may import the same file.
        Assert.Equal(4, (await t.ImportAsync(HtcdsFiles.Good(4), HtcdsFiles.Supervisor(w.Shelter))).Imported);
    }

    /// <summary>
    /// A larger file again, after part of it was imported: more rows than the reader keeps ahead of the writer, so
    /// already-imported rows come both in the first batches and long after; every one of them is skipped.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_LargerFileAgain_SkipsEveryRowAlreadyImported_EarlyOrLate(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var actor = HtcdsFiles.Supervisor(w.Ngo);
        Assert.Equal(2500, (await t.ImportAsync(HtcdsFiles.Good(2500), actor)).Imported);
        var again = await t.ImportAsync(HtcdsFiles.Good(3000), actor);
        Assert.True(again.Succeeded, string.Join("\n", again.Errors));
        Assert.Equal((500, 2500), (again.Imported, again.Skipped));
        Assert.Equal(3000, await t.CountCasesAsync(w.Ngo));
        var ids = await t.With(sp => sp.Db().Cases.Where(c => c.OrganisationId == w.Ngo.Id).Select(c => c.ExternalId!).ToListAsync());
        Assert.Equal(3000, ids.Distinct().Count());
    }

    [Fact]
    public async Task Import_SameExternalIdTwiceInFile_NamesBothRows()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var result = await t.ImportAsync(HtcdsFiles.Csv(HtcdsFiles.Row(1), HtcdsFiles.Row(2), HtcdsFiles.Row(1)), HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal("row 4, pal_ExternalId: The same external id is already on row 2.", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public async Task Import_ApostropheAddedByExport_IsRemovedOnlyBeforeAFormulaCharacter()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var csv = HtcdsFiles.Csv("EXT-1,'=Olena,'O'Neil,,,,,IT,2026-01-01");
        Assert.True((await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo))).Succeeded);
        var person = await t.With(async sp =>
        {
            var c = await sp.Db().Cases.SingleAsync(x => x.OrganisationId == w.Ngo.Id);
            return (await sp.Get<GetCase>().HandleAsync(c.Id, w.NgoSupervisor)).Person!;
        });
        Assert.Equal(("=Olena", "'O'Neil"), (person.GivenName, person.FamilyName));
    }

    [Fact]
    public async Task Import_WithoutPermission_IsNotFound()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        await Assert.ThrowsAsync<NotFoundException>(() => t.ImportAsync(HtcdsFiles.Good(1), w.NgoWorker));
        await Assert.ThrowsAsync<NotFoundException>(() => t.ImportAsync(HtcdsFiles.Good(1), w.Analyst));
    }

    /// <summary>Sanity, not a timing: a few thousand rows import in one go (the benchmark measures speed).</summary>
    [Fact]
    public async Task Import_ThreeThousandRows_AllStoredAndAuditChainIntact()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var result = await t.ImportAsync(HtcdsFiles.Good(3000), HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal(3000, result.Imported);
        Assert.Equal(3000, await t.CountCasesAsync(w.Ngo));
        // Saved in chunks: the audit chain must still be whole, and later audited work must continue it.
        await w.RegisterAsync();
        var audit = await t.With(sp => sp.Get<Palermo.Audit.VerifyAuditLog>().HandleAsync(null));
        Assert.True(audit.Intact, audit.Message);
    }

    /// <summary>
    /// Rows are written while later rows are still read: an error near the end of a large file must still leave
    /// nothing behind — no case, no audit entry, and the yearly case counters where they were.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_BadRowsLateInALargeFile_SaveNothingAndKeepTheCounters(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var actor = HtcdsFiles.Supervisor(w.Ngo);
        // A cell the parser refuses, and (in the second file) a rule across fields that only building checks.
        var badCell = Enumerable.Range(1, 6000).Select(i => HtcdsFiles.Row(i, birth: i == 5900 ? "12/05/1999" : "1999-05-01")).ToArray();
        Assert.Equal("row 5901, prs_Birthdate: Use a date in the form YYYY-MM-DD.", Assert.Single((await t.ImportAsync(HtcdsFiles.Csv(badCell), actor)).Errors).ToString());
        var badRule = Enumerable.Range(1, 6000).Select(i => i == 5800 ? $"EXT-{i},Given{i},,2026-02-01,,,,IT,2026-01-01" : HtcdsFiles.Row(i)).ToArray();
        Assert.Equal("row 5801, prs_Birthdate: The birth date cannot be after the identification date.", Assert.Single((await t.ImportAsync(HtcdsFiles.Csv(badRule), actor)).Errors).ToString());

        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
        Assert.Equal(0, await t.With(sp => sp.Db().Persons.CountAsync()));
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(a => a.Event == AuditEvent.CasesImported)));
        Assert.True((await t.ImportAsync(HtcdsFiles.Good(2), actor)).Succeeded);
        var references = await t.With(sp => sp.Db().Cases.OrderBy(c => c.ExternalId).Select(c => c.Reference).ToListAsync());
        Assert.Equal(["PAL-2026-000001", "PAL-2026-000002"], references);
    }

    /// <summary>
    /// The database refuses a write part-way (here a trigger standing in for a full disk or a broken connection): the
    /// import fails with the database's error at once — it stops reading instead of building the rest of the file
    /// for a writer that is gone — and nothing is stored.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_DatabaseRefusesAWrite_FailsWithoutReadingTheRest_AndStoresNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        await t.With(async sp =>
        {
            var db = sp.Db();
            if (provider == DatabaseProvider.Postgres)
            {
                await db.Database.ExecuteSqlAsync($"""
                    CREATE FUNCTION refuse_case() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN IF NEW."ExternalId" = 'EXT-300' THEN RAISE EXCEPTION 'no space left'; END IF; RETURN NEW; END $$;
                    """);
                await db.Database.ExecuteSqlAsync($"""CREATE TRIGGER refuse_case BEFORE INSERT ON "Case" FOR EACH ROW EXECUTE FUNCTION refuse_case()""");
            }
            else
            {
                await db.Database.ExecuteSqlAsync($"""CREATE TRIGGER refuse_case BEFORE INSERT ON "Case" WHEN NEW."ExternalId" = 'EXT-300' BEGIN SELECT RAISE(ABORT, 'no space left'); END""");
            }

            return 0;
        });
        var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(HtcdsFiles.Good(12_000)));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            t.With(sp => sp.Get<ImportHtcds>().HandleAsync(file, HtcdsFiles.Supervisor(w.Ngo), ct: TestContext.Current.CancellationToken)));
        Assert.True(file.Position < file.Length / 2, $"read {file.Position} of {file.Length} bytes");
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
        Assert.Equal(0, await t.With(sp => sp.Db().Persons.CountAsync()));
    }

    /// <summary>
    /// An import cancelled half-way through a large file (a closed browser tab, Ctrl-C) ends promptly — the reader
    /// waits for the writer when it is ahead, and must not wait for one that stopped — and leaves nothing behind.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_CancelledHalfWay_EndsAndSavesNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var actor = HtcdsFiles.Supervisor(w.Ngo);
        // Cancelled at a quarter, half and three quarters of the file: the reader, the builders and the writer are
        // each at a different point (waiting for a slot, between batches, inside a COPY or an insert).
        foreach (var quarters in new[] { 1, 2, 3 })
        {
            using var cancel = new CancellationTokenSource();
            var file = HtcdsFiles.Stream(HtcdsFiles.Good(8000));
            var at = file.Length * quarters / 4;
            var stream = new CancelAfter(file, at, cancel);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                t.With(sp => sp.Get<ImportHtcds>().HandleAsync(stream, actor, ct: cancel.Token)).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken));
            Assert.True(stream.Position >= at);
        }

        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
        Assert.Equal(0, await t.With(sp => sp.Db().Persons.CountAsync()));
        Assert.Equal(2, (await t.ImportAsync(HtcdsFiles.Good(2), actor)).Imported);
    }

    /// <summary>Cancels its token once this many bytes have been read.</summary>
    private sealed class CancelAfter(Stream inner, long bytes, CancellationTokenSource cancel) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            if (inner.Position >= bytes) cancel.Cancel();
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Several write groups and two years: each year's references follow the file's order, without gaps.</summary>
    [Fact]
    public async Task Import_ManyRowsOverTwoYears_ReferencesFollowTheFileOrder()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var rows = Enumerable.Range(1, 5000).Select(i => $"EXT-{i:D5},Given{i},Family{i},1999-05-01,Feminine,UA,ForcedLabour,IT,{(i % 3 == 0 ? "2025" : "2026")}-03-01").ToArray();
        Assert.Equal(5000, (await t.ImportAsync(HtcdsFiles.Csv(rows), HtcdsFiles.Supervisor(w.Ngo))).Imported);
        var cases = await t.With(sp => sp.Db().Cases.Select(c => new { c.ExternalId, c.Reference }).ToListAsync());
        foreach (var year in new[] { "2025", "2026" })
        {
            var ofYear = cases.Where(c => c.Reference.StartsWith($"PAL-{year}-", StringComparison.Ordinal)).ToList();
            var byFile = ofYear.OrderBy(c => c.ExternalId, StringComparer.Ordinal).Select(c => c.Reference).ToList();
            Assert.Equal(Enumerable.Range(1, ofYear.Count).Select(n => $"PAL-{year}-{n:D6}"), byFile);
        }

        Assert.Equal(1666, cases.Count(c => c.Reference.StartsWith("PAL-2025-", StringComparison.Ordinal)));
    }
}
