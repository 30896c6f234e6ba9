using System.Text;
using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Referrals;

namespace Palermo.Tests.Cases;

public sealed class CaseNoteTests
{
    private const string Secret = "Disclosed the trafficker lives above the bakery on Via Roma";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Note_IsSealedAtRest_ReadableByTheCase_AuditedAndExported_AndGoneAfterErasure(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        await t.With(sp => sp.Get<AddCaseNote>().HandleAsync(c.CaseId, new(Secret), w.NgoWorker));
        t.Time.Advance(TimeSpan.FromMinutes(5));
        await t.With(sp => sp.Get<AddCaseNote>().HandleAsync(c.CaseId, new("Second note"), w.NgoSupervisor));

        var notes = await t.With(sp => sp.Get<ListCaseNotes>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal(["Second note", Secret], notes.Select(n => n.Text));
        Assert.Equal(w.NgoSupervisor.UserId, notes[0].AuthorUserId);
        Assert.EndsWith("@x.example", notes[0].AuthorEmail, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2026, 3, 1, 9, 5, 0, DateTimeKind.Utc), notes[0].CreatedAt);
        Assert.Equal(2, (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Notes.Count);

        // The raw column holds no plaintext, on either provider.
        var raw = await t.With(sp => sp.Db().Database.SqlQuery<byte[]>($"SELECT \"Text\" AS \"Value\" FROM \"CaseNote\"").ToListAsync());
        Assert.Equal(2, raw.Count);
        Assert.All(raw, r => Assert.DoesNotContain("bakery", Encoding.UTF8.GetString(r), StringComparison.Ordinal));

        var events = await t.With(sp => sp.Db().AuditEntries.Select(e => new { e.Event, e.Purpose }).ToListAsync());
        Assert.Equal(2, events.Count(e => e.Event == AuditEvent.CaseNoteAdded));
        Assert.Contains(events, e => e.Event == AuditEvent.CaseNotesRead);
        Assert.DoesNotContain(events, e => e.Purpose?.Contains("bakery", StringComparison.Ordinal) == true);

        var subject = await t.With(sp => sp.Get<SubjectAccess>().HandleAsync(c.CaseId, w.NgoSupervisor));
        Assert.Contains(subject.Cases[0].Notes, n => n.Text == Secret);

        await t.With(sp => sp.Get<ErasePerson>().HandleAsync(c.CaseId, "request of the person", w.NgoSupervisor));
        Assert.Empty((await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Notes);
        Assert.Empty(await t.With(sp => sp.Get<ListCaseNotes>().HandleAsync(c.CaseId, w.NgoWorker)));
        var erased = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AddCaseNote>().HandleAsync(c.CaseId, new("after"), w.NgoWorker)));
        Assert.Equal("person", erased.Field);
        // The rows remain but nothing can open them: the key is gone.
        var key = await t.With(sp => sp.Db().Persons.Select(p => p.DataKey).SingleAsync());
        Assert.True(key.IsDestroyed);
    }

    [Fact]
    public async Task Note_BadInput_NamesTheField_AndSavesNothing()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        Assert.Equal("text", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AddCaseNote>().HandleAsync(c.CaseId, new("   "), w.NgoWorker)))).Field);
        Assert.Equal("text", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<AddCaseNote>().HandleAsync(c.CaseId, new(new string('x', CaseNote.TextMaxLength + 1)), w.NgoWorker)))).Field);
        Assert.Equal(0, await t.With(sp => sp.Db().Set<CaseNote>().CountAsync()));
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.CaseNoteAdded)));
    }

    [Fact]
    public async Task Notes_FollowTheReferral_IdentityPartOnly_WhileAccepted()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        await t.With(sp => sp.Get<AddCaseNote>().HandleAsync(c.CaseId, new(Secret), w.NgoWorker));
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        Task<IReadOnlyList<CaseNoteView>> ShelterReads() => t.With(sp => sp.Get<ListCaseNotes>().HandleAsync(c.CaseId, w.ShelterWorker));

        // Accepted without the identity part: the case facts are visible, the notes are not.
        var servicesOnly = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["shelter"], ["Services"], null, null, null), w.NgoWorker));
        await Assert.ThrowsAsync<NotFoundException>(ShelterReads);
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(servicesOnly.Id, "Accept", null, w.ShelterWorker));
        await Assert.ThrowsAsync<NotFoundException>(ShelterReads);
        Assert.Empty((await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.ShelterWorker))).Notes);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<AddCaseNote>().HandleAsync(c.CaseId, new("x"), w.ShelterWorker)));

        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("SharingIdentifiableData", "Written", w.Shelter.Id), w.NgoWorker));
        var identity = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["medical"], ["Identity"], null, null, null), w.NgoWorker));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(identity.Id, "Accept", null, w.ShelterWorker));
        Assert.Equal(Secret, Assert.Single(await ShelterReads()).Text);
        await t.With(sp => sp.Get<AddCaseNote>().HandleAsync(c.CaseId, new("Arrived at the shelter"), w.ShelterWorker));
        Assert.Equal(2, (await t.With(sp => sp.Get<ListCaseNotes>().HandleAsync(c.CaseId, w.NgoWorker))).Count);

        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(identity.Id, "Withdraw", "moved", w.NgoWorker));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(servicesOnly.Id, "Withdraw", "moved", w.NgoWorker));
        await Assert.ThrowsAsync<NotFoundException>(ShelterReads);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<ListCaseNotes>().HandleAsync(c.CaseId, w.Analyst)));
    }
}
