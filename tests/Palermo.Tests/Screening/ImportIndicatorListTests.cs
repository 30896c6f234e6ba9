using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Screening;

namespace Palermo.Tests.Screening;

public sealed class ImportIndicatorListTests
{
    private static string NationalList(string version, string grade) => $$"""
        { "id": "ita-child-labour", "version": "{{version}}", "title": "Italy — children, labour", "kind": "operational",
          "subjectGroup": "child", "exploitation": "labour", "source": "Italian NRM", "presumedVictimWhen": [[1, 2, 3], [4]],
          "indicators": [
            { "id": "1.deceived", "dimension": 1, "wording": "Deceived about the job", "grade": "{{grade}}", "verified": true, "source": "NRM" },
            { "id": "1.school", "dimension": 1, "wording": "Deceived about school", "grade": "medium", "verified": true, "source": "NRM" },
            { "id": "4.hours", "dimension": 4, "wording": "Excessive hours", "grade": "strong", "verified": true, "source": "NRM" },
            { "id": "4.pay", "dimension": 4, "wording": "No pay", "grade": "medium", "verified": true, "source": "NRM" }
          ] }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_NationalList_IsOfferedForNewScreeningsAndRecordedByVersion(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var officer = await RecordScreeningTests.OfficerAsync(t);
        await t.With(sp => sp.Get<ImportIndicatorList>().HandleAsync(NationalList("1", "weak"), Actor.Cli));
        await t.With(sp => sp.Get<ImportIndicatorList>().HandleAsync(NationalList("2", "strong"), Actor.Cli));

        var catalog = await t.With(sp => sp.Get<ListIndicatorLists>().HandleAsync(officer));
        var current = catalog.Current.Single(l => l.SubjectGroup == SubjectGroup.Child && l.Exploitation == ExploitationType.Labour);
        Assert.Equal(("ita-child-labour", "2"), (current.Id, current.Version));
        Assert.Equal(7, catalog.All.Count);

        string[] ids = ["1.deceived", "1.school", "4.hours", "4.pay"];
        var old = await t.With(sp => sp.Get<RecordScreening>().HandleAsync(new("ita-child-labour", "1", ids, null), officer));
        var now = await t.With(sp => sp.Get<RecordScreening>().HandleAsync(new("ita-child-labour", "2", ids, null), officer));
        Assert.Equal(ScreeningOutcome.NotIndicated, old.Outcome);
        Assert.Equal(ScreeningOutcome.PresumedVictim, now.Outcome);
        var latest = await t.With(sp => sp.Get<RecordScreening>().HandleAsync(new("ita-child-labour", null, ids, null), officer));
        Assert.Equal("2", latest.ListVersion);
        Assert.Equal("1", (await t.With(sp => sp.Get<GetScreening>().HandleAsync(old.Id, officer))).ListVersion);
        Assert.Equal(2, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.ScreeningListImported)));
    }

    [Fact]
    public async Task Import_ExistingVersionOrBrokenList_IsRefusedAndNothingStored()
    {
        await using var t = await TestDatabase.CreateAsync();
        await t.With(sp => sp.Get<ImportIndicatorList>().HandleAsync(NationalList("1", "strong"), Actor.Cli));
        var dup = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<ImportIndicatorList>().HandleAsync(NationalList("1", "weak"), Actor.Cli)));
        Assert.Contains("exists already", dup.Message, StringComparison.Ordinal);
        var builtIn = BuiltInLists.All[0];
        var shipped = NationalList(builtIn.Version, "strong").Replace("ita-child-labour", builtIn.Id, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<ImportIndicatorList>().HandleAsync(shipped, Actor.Cli)));
        var bad = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<ImportIndicatorList>().HandleAsync(NationalList("3", "extreme"), Actor.Cli)));
        Assert.Equal("Indicator '1.deceived' has grade 'extreme'; use strong, medium or weak.", bad.Message);
        Assert.Equal(1, await t.With(sp => sp.Db().Set<ImportedIndicatorList>().CountAsync()));
    }

    [Fact]
    public async Task Import_FrontlineOfficer_IsNotFound()
    {
        await using var t = await TestDatabase.CreateAsync();
        var officer = await RecordScreeningTests.OfficerAsync(t);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<ImportIndicatorList>().HandleAsync(NationalList("1", "strong"), officer)));
    }
}
