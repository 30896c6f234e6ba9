using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Screening;
using Palermo.Tests.Screening;

namespace Palermo.Tests.Privacy;

/// <summary>What a subject access request returns beyond the case views.</summary>
public sealed class SubjectAccessTests
{
    /// <summary>
    /// A screening attached to the person's case is data about them (which indicators were seen, what the rule
    /// concluded): the export lists it with its list, outcome, positive dimensions and indicators.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SubjectAccess_IncludesTheScreeningsAttachedToThePersonsCases(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var officer = await RecordScreeningTests.OfficerAsync(t, Role.CaseSupervisor);
        var screening = await t.With(sp => sp.Get<RecordScreening>().HandleAsync(
            RecordScreeningTests.Request("ilo-ec-adult-labour", RecordScreeningTests.PresumedAdult, ["fl.debt-bondage"]), officer));
        var c = await t.With(sp => sp.Get<RegisterVictim>().HandleAsync(Cases.CaseWorld.Input(), officer));
        await t.With(sp => sp.Get<AttachScreeningToCase>().HandleAsync(screening.Id, new(c.CaseId), officer));
        await t.With(sp => sp.Get<RecordScreening>().HandleAsync(RecordScreeningTests.Request("ilo-ec-adult-sexual", []), officer)); // not attached

        var data = await t.With(sp => sp.Get<SubjectAccess>().HandleAsync(c.CaseId, officer));
        var s = Assert.Single(data.Screenings);
        Assert.Equal(screening.Id, s.Id);
        Assert.Equal(c.Reference, s.CaseReference);
        Assert.Equal(("ilo-ec-adult-labour", "PresumedVictim"), (s.ListId, s.Outcome));
        Assert.Equal([1, 4, 5], s.PositiveDimensions);
        Assert.Equal(RecordScreeningTests.PresumedAdult, s.Indicators);
        Assert.Equal(["fl.debt-bondage"], s.ForcedLabourIndicators);
    }
}
