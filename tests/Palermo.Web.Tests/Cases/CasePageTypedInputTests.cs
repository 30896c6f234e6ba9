using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>A refused note or support plan comes back with what was typed: nothing a case worker wrote is lost.</summary>
public sealed class CasePageTypedInputTests : IClassFixture<CaseFilesPageTests.World>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly CaseFilesPageTests.World _w;

    public CasePageTypedInputTests(CaseFilesPageTests.World w) => _w = w;

    [Fact]
    public async Task RefusedNoteAndPlan_KeepWhatWasTyped()
    {
        var url = $"/Cases/View/{_w.CaseId}";
        var note = new string('x', 10_001);
        var refusedNote = await (await PalermoApplication.PostFormAsync(_w.Worker, url, new() { ["NoteText"] = "Met at the station. " + note }, "Note")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"text-error\"", refusedNote, StringComparison.Ordinal);
        Assert.Contains(">Met at the station. " + note + "</textarea>", refusedNote, StringComparison.Ordinal);

        var refusedPlan = await (await PalermoApplication.PostFormAsync(_w.Worker, url, new()
        {
            ["PlanTypes"] = "Education", ["Objectives"] = "Safe housing within a month", ["ActionPlan"] = "Call the shelter", ["PlannedEndDate"] = "01/03/2026", ["ActualEndDate"] = "",
        }, "Plan")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"plannedEndDate-error\"", refusedPlan, StringComparison.Ordinal);
        Assert.Contains(">Safe housing within a month</textarea>", refusedPlan, StringComparison.Ordinal);
        Assert.Contains(">Call the shelter</textarea>", refusedPlan, StringComparison.Ordinal);
        Assert.Contains("value=\"01/03/2026\"", refusedPlan, StringComparison.Ordinal);
        Assert.Contains("value=\"Education\" checked=\"checked\"", refusedPlan, StringComparison.Ordinal);

        // Once saved, the forms show the stored plan, not the last typed values.
        var saved = await (await PalermoApplication.PostAndFollowAsync(_w.Worker, url, new()
        {
            ["PlanTypes"] = "Education", ["Objectives"] = "Safe housing within a month", ["ActionPlan"] = "", ["PlannedEndDate"] = "2026-03-01", ["ActualEndDate"] = "",
        }, "Plan")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Support plan saved.", saved, StringComparison.Ordinal);
        Assert.DoesNotContain(">Call the shelter</textarea>", saved, StringComparison.Ordinal);
    }
}
