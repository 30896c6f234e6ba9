using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Assistance;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Referrals;
using Palermo.Web.Infrastructure;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>
/// Pages show picklist values in words ("Possible victim of trafficking"), not as the HTCDS code names the forms post
/// and the files carry ("PossibleVictimOfTrafficking").
/// </summary>
public sealed partial class CasePageWordsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Two words run together ("victimOf"), or a code's underscore: what a person should never have to read.
    [GeneratedRegex("[a-z][A-Z]|_")]
    private static partial Regex CodeName();

    public static TheoryData<Type> Picklists() =>
    [
        typeof(CaseStatus), typeof(TraffickingStatus), typeof(Gender), typeof(DecisionMakingOrg), typeof(ExploitationType),
        typeof(MethodOfControl), typeof(LabourIndustry), typeof(SexExploitationType), typeof(RelationshipToTrafficker),
        typeof(RecruitmentMethod), typeof(IncomingReferralReason), typeof(RiskLevel), typeof(TraffickingEventType),
        typeof(GroundsOutcome), typeof(GroundsStage), typeof(PerpetratorRole), typeof(ConsentPurpose), typeof(ConsentRecordedAs),
        typeof(ReferralState), typeof(SharedParts), typeof(ServiceStatus), typeof(SupportPlanType), typeof(Role),
        typeof(Palermo.Organisations.OrganisationKind), typeof(Palermo.Screening.ScreeningOutcome),
    ];

    [Theory]
    [MemberData(nameof(Picklists))]
    public void EveryChoice_ReadsAsWords(Type picklist)
    {
        var choices = (IEnumerable<(string Name, string Words)>)typeof(Words).GetMethod(nameof(Words.Choices))!.MakeGenericMethod(picklist).Invoke(null, null)!;
        Assert.NotEmpty(choices);
        foreach (var (name, words) in choices)
        {
            Assert.False(CodeName().IsMatch(words), $"{picklist.Name}.{name} reads \"{words}\"");
            Assert.True(char.IsUpper(words[0]), $"{picklist.Name}.{name} reads \"{words}\"");
        }
    }

    [Fact]
    public void Words_KnownValues()
    {
        Assert.Equal("Possible victim of trafficking", Words.Of(TraffickingStatus.PossibleVictimOfTrafficking));
        Assert.Equal("Closed (referred)", Words.Of(CaseStatus.ClosedReferred));
        Assert.Equal("NGO", Words.Of(DecisionMakingOrg.NGO));
        Assert.Equal("Unacquainted", Words.Of(RelationshipToTrafficker.Unaquainted));
        Assert.Equal("Forced labour, Debt bondage", Words.List(ExploitationType.ForcedLabour) + ", " + Words.List(MethodOfControl.DebtBondage));
        Assert.Equal("Sexual exploitation, Forced begging", Words.List(ExploitationType.SexualExploitation | ExploitationType.ForcedBegging));
        Assert.Equal("none recorded", Words.List(MethodOfControl.None));
        Assert.Equal("Something else", Words.Of<CaseStatus>("Something else"));
    }

    [Fact]
    public async Task CasePage_ShowsWords_AndItsFormsStillPostTheCodeNames()
    {
        using var web = new PalermoApplication();
        var holder = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var supervisorUser = await web.CreateUserAsync(Role.CaseSupervisor, holder.Id);
        var supervisor = new Actor(supervisorUser.Id, holder.Id, new HashSet<Role> { Role.CaseSupervisor }, "127.0.0.1");
        var c = await web.With(sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(CaseAccessMatrixTests.Input() with
        {
            Exploitation = ["ForcedLabour", "ForcedBegging"], MethodsOfControl = ["DebtBondage", "WithholdsDocuments"], Gender = "NonSpecifiedUnknown",
        }, supervisor));
        await web.With(sp => sp.GetRequiredService<RecordService>().HandleAsync(c.CaseId, new("shelter", "2026-01-16", null, "InProgress", null, null), supervisor));

        var consent = await web.With(sp => sp.GetRequiredService<RecordConsent>().HandleAsync(c.CaseId, new("FollowUpContact", "Verbal", null), supervisor));
        await web.With(sp => sp.GetRequiredService<WithdrawConsent>().HandleAsync(consent.Id, supervisor));

        var client = await web.SignInAsync(supervisorUser);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Cases/View/{c.CaseId}", Ct));
        // The consent list says who recorded and who withdrew, in words.
        Assert.Contains($"Follow-up contact (verbal, {consent.RecordedAt:yyyy-MM-dd}, recorded by {supervisorUser.Email})", html, StringComparison.Ordinal);
        Assert.Contains($"withdrawn {consent.RecordedAt:yyyy-MM-dd} by {supervisorUser.Email}", html, StringComparison.Ordinal);
        foreach (var words in new[] { "Possible victim of trafficking", "Not specified or unknown", "Forced labour, Forced begging", "Debt bondage, Withholds documents", "In progress" })
            Assert.Contains(words, html, StringComparison.Ordinal);
        foreach (var code in new[] { "PossibleVictimOfTrafficking", ">NonSpecifiedUnknown<", "ForcedLabour,", "DebtBondage", ">InProgress<" })
            Assert.DoesNotContain(code, html, StringComparison.Ordinal);
        // The choices read as words, their values stay the names the server parses.
        Assert.Contains("<option value=\"ClosedReferred\">Closed (referred)</option>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"FollowUpContact\">Follow-up contact</option>", html, StringComparison.Ordinal);

        // Closed, the case offers no referral form (the server refuses one) but says how to refer.
        var version = (await web.With(sp => sp.GetRequiredService<GetCase>().HandleAsync(c.CaseId, supervisor))).Version;
        await web.With(async sp => { await sp.GetRequiredService<CloseCase>().HandleAsync(c.CaseId, version, "ClosedReferred", "Moved to a partner", supervisor); return true; });
        var closed = WebUtility.HtmlDecode(await client.GetStringAsync($"/Cases/View/{c.CaseId}", Ct));
        Assert.Contains("<dt>Status</dt><dd>Closed (referred) — Moved to a partner</dd>", closed, StringComparison.Ordinal);
        Assert.Contains("The case is closed: reopen it (below) to refer the person.", closed, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Refer", closed, StringComparison.Ordinal);

        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/Cases?Status=ClosedReferred", Ct));
        Assert.Contains("<td data-label=\"Trafficking status\">Possible victim of trafficking</td>", list, StringComparison.Ordinal);
        Assert.Contains("<option value=\"ClosedReferred\" selected=\"selected\">Closed (referred)</option>", list, StringComparison.Ordinal);
    }
}
