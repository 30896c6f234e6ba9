using Palermo.Cases;
using Palermo.Data;

namespace Palermo.Tests.Cases;

/// <summary>Lookups and name searches as people type them: references without dashes, names pasted with tabs, bad input.</summary>
public sealed class CaseSearchInputTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lookup_ReferenceTypedWithSpacesOrWithoutDashes_FindsTheCase(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var olena = await w.RegisterAsync();
        var garcia = await w.RegisterAsync(CaseWorld.Input("Juan", "Garcia") with { DocumentNumber = "PAL12345" });
        Assert.Equal("PAL-2026-000001", olena.Reference);
        Task<CasePage> Lookup(string text) => t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Lookup = text }, w.NgoWorker));
        foreach (var typed in new[] { "pal 2026 000001", "PAL2026000001", "pal_2026_000001", "PAL-2026-1", "PAL 2026-000001", " pal-2026-000001 " })
        {
            Assert.Equal(olena.Reference, Assert.Single((await Lookup(typed)).Items).Reference);
        }

        // A document number that merely starts with PAL is still a document number.
        Assert.Equal(garcia.Reference, Assert.Single((await Lookup("pal-12345")).Items).Reference);
        Assert.Empty((await Lookup("PAL 2026 000009")).Items);
        // The other organisation's case is not found by its reference, however it is typed.
        var elsewhere = await w.RegisterAsync(CaseWorld.Input("Grace", "Okafor"), w.ShelterWorker);
        Assert.Empty((await Lookup(elsewhere.Reference.Replace("-", " ", StringComparison.Ordinal))).Items);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task NameSearch_NamesSeparatedByTabOrLineBreak_FindTheCase_ControlCharactersAreAFieldError(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var olena = await w.RegisterAsync();
        Task<CasePage> Search(CaseQuery q) => t.With(sp => sp.Get<ListCases>().HandleAsync(q, w.NgoWorker));
        foreach (var typed in new[] { "Elena\tKovalenko", "Olena\r\nKovalenko", " Olena \t Kovalenko " })
        {
            Assert.Equal(olena.Reference, Assert.Single((await Search(new CaseQuery { Name = typed })).Items).Reference);
        }

        Assert.Equal("name", (await Assert.ThrowsAsync<DomainException>(() => Search(new CaseQuery { Name = "Olena\u0000Kovalenko" }))).Field);
        Assert.Equal("name", (await Assert.ThrowsAsync<DomainException>(() => Search(new CaseQuery { Name = "Olena Kovalenko\u001b[2J" }))).Field);
        Assert.Equal("name", (await Assert.ThrowsAsync<DomainException>(() => Search(new CaseQuery { Name = new string('a', 10_000) }))).Field);
        Assert.Equal("lookup", (await Assert.ThrowsAsync<DomainException>(() => Search(new CaseQuery { Lookup = "FE\u0000123456" }))).Field);
    }
}
