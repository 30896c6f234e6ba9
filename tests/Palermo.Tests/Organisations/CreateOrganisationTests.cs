using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Tests.Organisations;

public sealed class CreateOrganisationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Create_ValidInput_StoresItWithAnAuditEntry(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var org = await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("Labour Inspectorate North", "labourinspectorate", "it"), Actor.Cli));
        Assert.Equal("ITA", org.Country);
        Assert.Equal(OrganisationKind.LabourInspectorate, org.Kind);
        var audit = await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == AuditEvent.OrganisationCreated).ToListAsync());
        Assert.Equal(org.Id.ToString(), Assert.Single(audit).EntityId);
    }

    [Theory]
    [InlineData(null, "Police", "ITA", "name")]
    [InlineData("  ", "Police", "ITA", "name")]
    [InlineData("Police HQ", "Bakery", "ITA", "kind")]
    [InlineData("Police HQ", "99", "ITA", "kind")]
    [InlineData("Police HQ", "Police", "XXX", "country")]
    [InlineData("Police HQ", "Police", "", "country")]
    public async Task Create_BadInput_NamesTheFieldAndSavesNothing(string? name, string kind, string country, string field)
    {
        await using var t = await TestDatabase.CreateAsync();
        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new(name, kind, country), Actor.Cli)));
        Assert.Equal(field, ex.Field);
        Assert.Equal(0, await t.With(sp => sp.Db().Organisations.CountAsync()));
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Create_NameTooLongOrDuplicate_IsRefused()
    {
        await using var t = await TestDatabase.CreateAsync();
        var tooLong = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new(new string('a', 201), "Police", "ITA"), Actor.Cli)));
        Assert.Equal("name", tooLong.Field);
        await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("Unit A", "Police", "ITA"), Actor.Cli));
        var dup = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("Unit A", "Shelter", "FRA"), Actor.Cli)));
        Assert.Contains("already exists", dup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithoutPermission_IsNotFound()
    {
        await using var t = await TestDatabase.CreateAsync();
        var caseWorker = new Actor(Guid.NewGuid(), Guid.NewGuid(), new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("X", "Police", "ITA"), caseWorker)));
    }
}
