using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.CrossAgency;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Tests.Linkage;

public sealed class CrossAgencyTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Export_OnlyPersonsWithActiveConsent_AuditedAsOneReadWithTheCount(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CrossAgencyWorld.CreateAsync(t);
        var p = await w.CreateProjectAsync();

        var exported = await w.ExportAsync(p.Id, w.Cases.NgoWorker);

        // Olena and Maria consented; Aisha never did and Ivan withdrew.
        Assert.Equal(2, exported.Count);
        var audit = await t.With(sp => sp.Db().AuditEntries.AsNoTracking().Where(e => e.Event == AuditEvent.PersonRead && e.EntityId == p.Id.ToString()).ToListAsync());
        var read = Assert.Single(audit);
        Assert.Contains("2 persons", read.Purpose, StringComparison.Ordinal);
        Assert.True(await t.With(sp => sp.Db().AuditEntries.AnyAsync(e => e.Event == AuditEvent.LinkageEncodingsExported)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_SamePersonTransliteratedInTwoOrganisations_CountedOnce(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CrossAgencyWorld.CreateAsync(t);
        var p = await w.LinkedProjectAsync();

        var view = await t.With(sp => sp.Get<GetLinkageProject>().HandleAsync(p.Id, w.Coordinator));
        var report = view.Report!;
        Assert.Equal(4, report.Records);
        Assert.Equal(3, report.UniquePersons);
        Assert.Equal(1, Assert.Single(report.Overlaps).Persons);
        Assert.Equal([new GroupSizeCount(1, 2), new GroupSizeCount(2, 1)], report.GroupSizes);
        Assert.Equal(LinkageProjectState.Linked, view.State);

        var estimate = await t.With(sp => sp.Get<UniquePersonEstimate>().HandleAsync(p.Id, w.Coordinator));
        Assert.Equal(3, estimate.UniquePersons);
        Assert.All(estimate.Parties, party => Assert.Equal((2, 1), (party.Records, party.AlsoElsewhere)));
        Assert.Contains(estimate.Parties, party => party.OrganisationId == w.Cases.Ngo.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Resolution_EachOrganisationSeesOnlyItsOwnMatchedCases(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CrossAgencyWorld.CreateAsync(t);
        var p = await w.LinkedProjectAsync();

        var ngo = await t.With(sp => sp.Get<ResolveOwnMatches>().HandleAsync(p.Id, w.Cases.NgoWorker));
        var shelter = await t.With(sp => sp.Get<ResolveOwnMatches>().HandleAsync(p.Id, w.Cases.ShelterWorker));

        Assert.Equal(new OwnMatch(w.NgoOlena.Reference, 1), Assert.Single(ngo.Matches));
        Assert.Equal(new OwnMatch(w.ShelterElena.Reference, 1), Assert.Single(shelter.Matches));
        // An organisation that submitted nothing has nothing to resolve.
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<ResolveOwnMatches>().HandleAsync(p.Id, w.Coordinator)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CoordinatorViewAndStoredFiles_HoldNoNamesOrBirthDates(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CrossAgencyWorld.CreateAsync(t);
        var p = await w.LinkedProjectAsync();

        var view = await t.With(sp => sp.Get<GetLinkageProject>().HandleAsync(p.Id, w.Coordinator));
        var estimate = await t.With(sp => sp.Get<UniquePersonEstimate>().HandleAsync(p.Id, w.Coordinator));
        var download = await t.With(sp => sp.Get<DownloadOrganisationEncodings>().HandleAsync(p.Id, w.Cases.NgoWorker));
        var stored = await t.With(sp => sp.Db().Set<LinkageSubmission>().AsNoTracking().ToListAsync());
        var results = await t.With(sp => sp.Db().Set<LinkageResult>().AsNoTracking().ToListAsync());
        var audit = await t.With(sp => sp.Db().AuditEntries.AsNoTracking().Select(e => e.Purpose).ToListAsync());

        var texts = new List<string> { JsonSerializer.Serialize(view), JsonSerializer.Serialize(estimate), Encoding.UTF8.GetString(download.Content) };
        texts.AddRange(stored.Select(s => Encoding.UTF8.GetString(s.Encodings) + s.PersonMap + s.Label));
        texts.AddRange(results.Select(r => r.Groups + r.SubmissionIds + r.Sizes));
        texts.AddRange(audit.OfType<string>());
        foreach (var text in texts)
        {
            foreach (var value in CrossAgencyWorld.PersonalValues) Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase);
        }

        var coordinatorText = texts[0] + texts[1];
        foreach (var c in new[] { w.NgoOlena, w.NgoMaria, w.ShelterElena, w.ShelterGrace }) Assert.DoesNotContain(c.Reference, coordinatorText, StringComparison.Ordinal);
        Assert.StartsWith("{\"clks\":[", Encoding.UTF8.GetString(download.Content), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Upload_CorruptOrWrongLengthFile_IsAFieldErrorAndStoresNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CrossAgencyWorld.CreateAsync(t);
        var p = await w.CreateProjectAsync();
        Task<Guid> Upload(string json) => t.With(sp => sp.Get<UploadExternalEncodings>().HandleAsync(p.Id, "Border police", new MemoryStream(Encoding.UTF8.GetBytes(json)), w.Coordinator));

        var corrupt = await Assert.ThrowsAsync<DomainException>(() => Upload("{\"clks\": [\"@@not base64@@\"]}"));
        var shortFilters = await Assert.ThrowsAsync<DomainException>(() => Upload("{\"clks\": [\"AAAA\", \"AAAA\"]}"));
        var notClk = await Assert.ThrowsAsync<DomainException>(() => Upload("[1, 2, 3]"));

        Assert.All(new[] { corrupt, shortFilters, notClk }, e => Assert.Equal("file", e.Field));
        Assert.Contains("24-bit", shortFilters.Message, StringComparison.Ordinal);
        Assert.Equal(0, await t.With(sp => sp.Db().Set<LinkageSubmission>().CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Upload_ExternalFileFromADownload_IsLinkedWithTheOthers(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CrossAgencyWorld.CreateAsync(t);
        var p = await w.CreateProjectAsync();
        await w.ExportAsync(p.Id, w.Cases.NgoWorker);
        await w.ExportAsync(p.Id, w.Cases.ShelterWorker);
        // The shelter's own file, as an agency outside Palermo encoding with the project schema would send it.
        var file = await t.With(sp => sp.Get<DownloadOrganisationEncodings>().HandleAsync(p.Id, w.Cases.ShelterWorker));
        await t.With(sp => sp.Get<UploadExternalEncodings>().HandleAsync(p.Id, "Border police", new MemoryStream(file.Content), w.Coordinator));

        await t.With(sp => sp.Get<RunCrossAgencyLinkage>().HandleAsync(p.Id, w.Coordinator));
        var report = (await t.With(sp => sp.Get<GetLinkageProject>().HandleAsync(p.Id, w.Coordinator))).Report!;

        Assert.Equal(6, report.Records);
        Assert.Equal(3, report.UniquePersons);
        Assert.Equal(3, report.Overlaps.Count);
        var ngo = await t.With(sp => sp.Get<ResolveOwnMatches>().HandleAsync(p.Id, w.Cases.NgoWorker));
        Assert.Equal(2, Assert.Single(ngo.Matches).OtherOrganisations);
        // Linked projects are frozen: a late export would change what the stored positions mean.
        var late = await Assert.ThrowsAsync<DomainException>(() => w.ExportAsync(p.Id, w.Cases.NgoWorker));
        Assert.Equal("project", late.Field);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task UseCases_OutsideTheirRoles_AnswerNotFound(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CrossAgencyWorld.CreateAsync(t);
        var p = await w.LinkedProjectAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<CreateLinkageProject>().HandleAsync("x", w.Cases.NgoSupervisor)));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<GetLinkageProject>().HandleAsync(p.Id, w.Cases.NgoSupervisor)));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<RunCrossAgencyLinkage>().HandleAsync(p.Id, w.Cases.Analyst)));
        await Assert.ThrowsAsync<NotFoundException>(() => w.ExportAsync(p.Id, w.Coordinator));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DownloadOrganisationEncodings>().HandleAsync(p.Id, w.Coordinator)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task KeyRotation_ResealsProjectSecret_SoEncodingsStayTheSame(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CrossAgencyWorld.CreateAsync(t);
        var p = await w.CreateProjectAsync();
        await w.ExportAsync(p.Id, w.Cases.NgoWorker);
        var before = await t.With(sp => sp.Get<DownloadOrganisationEncodings>().HandleAsync(p.Id, w.Cases.NgoWorker));

        var rotation = await t.With(sp => sp.Get<RotateMasterKey>().HandleAsync(Palermo.Accounts.Actor.Cli));
        await w.ExportAsync(p.Id, w.Cases.NgoWorker);
        var after = await t.With(sp => sp.Get<DownloadOrganisationEncodings>().HandleAsync(p.Id, w.Cases.NgoWorker));

        Assert.Equal(rotation.NewKeyId, await t.With(sp => sp.Db().Set<LinkageProject>().Where(x => x.Id == p.Id).Select(x => x.MasterKeyId).SingleAsync()));
        Assert.Contains(p.MasterKeyId, rotation.RetiredKeyIds);
        Assert.Equal(before.Content, after.Content);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erasure_ShredsThePersonsEncodingInEarlierSubmissions_SoItNoLongerLinks(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CrossAgencyWorld.CreateAsync(t);
        var p = await w.LinkedProjectAsync();
        var before = await t.With(sp => sp.Get<DownloadOrganisationEncodings>().HandleAsync(p.Id, w.Cases.NgoWorker));

        await t.With(sp => sp.Get<ErasePerson>().HandleAsync(w.NgoOlena.CaseId, "request of the person", w.Cases.NgoSupervisor));

        // The NGO's own download: Olena's filter is all zeros now, Maria's is untouched.
        var after = await t.With(sp => sp.Get<DownloadOrganisationEncodings>().HandleAsync(p.Id, w.Cases.NgoWorker));
        var oldFilters = Palermo.Linkage.Interchange.ClkReader.Read(new MemoryStream(before.Content), "before").Filters;
        var newFilters = Palermo.Linkage.Interchange.ClkReader.Read(new MemoryStream(after.Content), "after").Filters;
        Assert.Equal(oldFilters.Count, newFilters.Count);
        Assert.Equal(1, Enumerable.Range(0, newFilters.Count).Count(i => newFilters.PopCount(i) == 0));
        Assert.Equal(1, Enumerable.Range(0, newFilters.Count).Count(i => newFilters.Bytes(i).SequenceEqual(oldFilters.Bytes(i))));
        // The stored result no longer lets the NGO (or the shelter) resolve the match.
        Assert.Empty((await t.With(sp => sp.Get<ResolveOwnMatches>().HandleAsync(p.Id, w.Cases.NgoWorker))).Matches);
        Assert.Empty((await t.With(sp => sp.Get<ResolveOwnMatches>().HandleAsync(p.Id, w.Cases.ShelterWorker))).Matches);
        // A new run over the stored submissions finds nobody in common any more.
        await t.With(sp => sp.Get<RunCrossAgencyLinkage>().HandleAsync(p.Id, w.Coordinator));
        var report = (await t.With(sp => sp.Get<GetLinkageProject>().HandleAsync(p.Id, w.Coordinator))).Report!;
        Assert.Equal(report.Records, report.UniquePersons);
        var map = await t.With(sp => sp.Db().Set<LinkageSubmission>().AsNoTracking().Where(s => s.OrganisationId == w.Cases.Ngo.Id).Select(s => s.PersonMap).SingleAsync());
        Assert.Contains(Guid.Empty.ToString(), map!, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task QueuedRun_IsRunByTheInstanceHoldingTheLease_AndTheProjectShowsProgressUntilDone(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CrossAgencyWorld.CreateAsync(t);
        var p = await w.CreateProjectAsync();
        await w.ExportAsync(p.Id, w.Cases.NgoWorker);
        await w.ExportAsync(p.Id, w.Cases.ShelterWorker);

        await t.With(sp => sp.Get<QueueLinkageRun>().HandleAsync(p.Id, w.Coordinator));
        var queued = await t.With(sp => sp.Get<GetLinkageProject>().HandleAsync(p.Id, w.Coordinator));
        Assert.Equal("Queued", queued.Run!.Stage);
        Assert.Null(queued.Report);
        // Asking twice does not queue two runs.
        Assert.Equal("project", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<QueueLinkageRun>().HandleAsync(p.Id, w.Coordinator)))).Field);

        // Another instance holds the job lease (it is running something): this instance leaves the project alone.
        Assert.True(await t.With(sp => JobLease.TryAcquireAsync(sp.Db(), ProcessQueuedLinkageRuns.LeaseName, "other-instance", ProcessQueuedLinkageRuns.Lease, default)));
        Assert.Null(await t.With(sp => sp.Get<ProcessQueuedLinkageRuns>().HandleAsync("this-instance")));
        Assert.NotNull((await t.With(sp => sp.Get<GetLinkageProject>().HandleAsync(p.Id, w.Coordinator))).Run);

        // Once that lease has lapsed, this instance runs the project; the page then shows the counts, no progress.
        t.Time.Advance(ProcessQueuedLinkageRuns.Lease + TimeSpan.FromMinutes(1));
        Assert.Equal(p.Id, await t.With(sp => sp.Get<ProcessQueuedLinkageRuns>().HandleAsync("this-instance")));
        var done = await t.With(sp => sp.Get<GetLinkageProject>().HandleAsync(p.Id, w.Coordinator));
        Assert.Null(done.Run);
        Assert.Equal(3, done.Report!.UniquePersons);
        Assert.Equal(LinkageProjectState.Linked, done.State);
        // Nothing left: the other instance finds no work.
        Assert.Null(await t.With(sp => sp.Get<ProcessQueuedLinkageRuns>().HandleAsync("other-instance")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AgencyKit_SecretFileEncodesExactlyLikePalermo_OnlyForOrganisationAdministrators_Audited(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CrossAgencyWorld.CreateAsync(t);
        var p = await w.CreateProjectAsync();
        var admin = new Palermo.Accounts.Actor(Guid.NewGuid(), w.Cases.Ngo.Id, new HashSet<Palermo.Accounts.Role> { Palermo.Accounts.Role.OrganisationAdministrator }, "127.0.0.1");

        var key = await t.With(sp => sp.Get<DownloadLinkageKit>().HandleAsync(p.Id, admin));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DownloadLinkageKit>().HandleAsync(p.Id, w.Coordinator)));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DownloadLinkageKit>().HandleAsync(p.Id, w.Cases.NgoWorker)));

        // An outside agency encoding the same person with the kit gets Palermo's own filter: here the NGO's export
        // of Olena and Maria, re-encoded from their details with the downloaded secret file and schema.
        await w.ExportAsync(p.Id, w.Cases.NgoWorker);
        var exported = await t.With(sp => sp.Get<DownloadOrganisationEncodings>().HandleAsync(p.Id, w.Cases.NgoWorker));
        var filters = Palermo.Linkage.Interchange.ClkReader.Read(new MemoryStream(exported.Content), "ngo");
        var schema = Palermo.Linkage.Schema.SchemaJson.Parse(Encoding.UTF8.GetString(DownloadLinkageKit.Schema().Content));
        var secret = key.Content.AsSpan().TrimEnd((byte)'\n').ToArray();
        var encoder = new Palermo.Linkage.Encoders.LinkageEncoder(schema, secret);
        Assert.Equal(encoder.Fingerprint, filters.SchemaFingerprint);
        var details = await t.With(async sp =>
        {
            var persons = await sp.Db().Persons.Include(x => x.DataKey).Where(x => x.OrganisationId == w.Cases.Ngo.Id).ToListAsync();
            return persons.Select(x => x.Open(sp.Get<PersonCrypto>())).ToList();
        });
        var kitFilters = details.Select(d => Convert.ToBase64String(encoder.EncodePerson(d.GivenName, d.FamilyName,
            d.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.Gender == Palermo.Cases.Gender.Feminine ? "F" : "M", d.Citizenships.FirstOrDefault()))).ToHashSet();
        Assert.All(Enumerable.Range(0, filters.Count), i => Assert.Contains(Convert.ToBase64String(filters.Filters.Bytes(i)), kitFilters));

        var audit = await t.With(sp => sp.Db().AuditEntries.AsNoTracking().Where(e => e.Event == AuditEvent.LinkageSecretExported).ToListAsync());
        Assert.Equal(p.Id.ToString(), Assert.Single(audit).EntityId);
    }
}
