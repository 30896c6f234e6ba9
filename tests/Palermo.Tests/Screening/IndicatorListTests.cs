using Palermo.Screening;

namespace Palermo.Tests.Screening;

public sealed class IndicatorListTests
{
    private const string Valid = """
        {
          "id": "ita-adult-labour", "version": "2026.1", "title": "Italy — adults, labour", "kind": "operational",
          "subjectGroup": "adult", "exploitation": "labour", "source": "National referral mechanism, 2026",
          "presumedVictimWhen": [[1, 2, 3], [4], [5, 6]],
          "indicators": [
            { "id": "1.deceived-job", "dimension": 1, "wording": "Deceived about the job", "grade": "strong", "verified": true, "source": "NRM" },
            { "id": "4.excessive-hours", "dimension": 4, "wording": "Excessive hours", "grade": "strong", "verified": true, "source": "NRM" }
          ]
        }
        """;

    [Fact]
    public void BuiltInLists_AdultLabour_HasSixtySevenIndicatorsInTheCitedDimensions()
    {
        var list = BuiltInLists.All.Single(l => l.Id == "ilo-ec-adult-labour");
        Assert.Equal([10, 10, 16, 9, 15, 7], Enumerable.Range(1, 6).Select(d => list.Indicators.Count(i => i.Dimension == d)));
        Assert.Equal([[1, 2, 3], [4], [5, 6]], list.PresumedVictimWhen.Select(g => g.ToArray()));
        Assert.False(list.IsVerified);
    }

    [Fact]
    public void BuiltInLists_ChildLabour_RaisesTheGradesIndicatorsMdNames()
    {
        var adult = BuiltInLists.All.Single(l => l.Id == "ilo-ec-adult-labour");
        var child = BuiltInLists.All.Single(l => l.Id == "ilo-ec-child-labour");
        var raised = child.Indicators.Where(c => adult.Find(c.Id)!.Grade != c.Grade).Select(c => c.Id).Order().ToList();
        Assert.Equal(["1.access-to-education-opportunities", "2.abduction-forced-marriage-adoption-or-selling", "2.debt-bondage",
            "2.threats-of-violence-against-victim", "5.forced-into-illicit-criminal-activities", "5.forced-tasks-or-clients",
            "5.threats-of-violence-against-victim", "5.under-strong-influence"], raised);
        Assert.All(raised, id => Assert.Equal(Grade.Strong, child.Find(id)!.Grade));
        Assert.Equal([[1, 2, 3], [4]], child.PresumedVictimWhen.Select(g => g.ToArray()));
    }

    [Fact]
    public void BuiltInLists_FourOperationalAndTheElevenForcedLabourIndicators_AllLoad()
    {
        Assert.Equal(4, BuiltInLists.All.Count(l => l.Kind == ListKind.Operational));
        var sexual = BuiltInLists.All.Single(l => l.Id == "ilo-ec-adult-sexual");
        Assert.Contains(sexual.Indicators, i => i.Wording == "Forced to prostitution" && !i.Verified);
        Assert.Contains(sexual.Indicators, i => i.Wording == "Exploitation in pornography");
        Assert.Equal(11, BuiltInLists.All.Single(l => l.Kind == ListKind.ForcedLabour).Indicators.Count);
    }

    [Fact]
    public void Parse_ValidNationalList_ReadsEveryField()
    {
        var list = IndicatorListParser.Parse(Valid);
        Assert.Equal(("ita-adult-labour", "2026.1", SubjectGroup.Adult, ExploitationType.Labour), (list.Id, list.Version, list.SubjectGroup, list.Exploitation));
        Assert.Equal(Grade.Strong, list.Find("4.excessive-hours")!.Grade);
        Assert.True(list.IsVerified);
    }

    [Theory]
    [InlineData("\"dimension\": 4,", "\"dimension\": 7,", "Indicator '4.excessive-hours' has dimension 7; use 1 to 6.")]
    [InlineData("\"grade\": \"strong\", \"verified\": true, \"source\": \"NRM\" }\n  ]", "\"grade\": \"severe\", \"verified\": true, \"source\": \"NRM\" }\n  ]", "Indicator '4.excessive-hours' has grade 'severe'; use strong, medium or weak.")]
    [InlineData("\"id\": \"4.excessive-hours\"", "\"id\": \"1.deceived-job\"", "Indicator '1.deceived-job' appears more than once")]
    [InlineData("[[1, 2, 3], [4], [5, 6]]", "[[1, 2, 3], [4], [5, 9]]", "names dimension 9")]
    [InlineData("\"subjectGroup\": \"adult\"", "\"subjectGroup\": \"elder\"", "'subjectGroup' is 'elder'")]
    [InlineData("\"grade\": \"strong\", \"verified\": true, \"source\": \"NRM\" }\n  ]", "\"grdae\": \"strong\", \"verified\": true, \"source\": \"NRM\" }\n  ]", "grdae")]
    [InlineData("\"version\": \"2026.1\"", "\"version\": \"\"", "The version is missing.")]
    [InlineData("\"wording\": \"Excessive hours\"", "\"wording\": \" \"", "The wording of indicator '4.excessive-hours' is missing.")]
    public void Parse_BrokenList_NamesTheItemAtFault(string find, string replace, string message)
    {
        var json = Valid.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(find, json, StringComparison.Ordinal);
        var ex = Assert.Throws<DomainException>(() => IndicatorListParser.Parse(json.Replace(find, replace, StringComparison.Ordinal)));
        Assert.Equal("list", ex.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>What the serializer refuses is said in the file's terms, with where: no .NET type names.</summary>
    [Theory]
    [InlineData("\"grade\": \"strong\", \"verified\": true, \"source\": \"NRM\" }\n  ]", "\"grdae\": \"strong\", \"verified\": true, \"source\": \"NRM\" }\n  ]", "unknown field 'grdae'")]
    [InlineData("\"dimension\": 4,", "\"dimension\": \"four\",", "a value of the wrong kind")]
    [InlineData("\"dimension\": 4,", "\"dimension\": 4, \"dimension\": 5,", "a field given twice")]
    public void Parse_JsonOfTheWrongShape_SaysWhatAndWhere_WithoutTypeNames(string find, string replace, string message)
    {
        var json = Valid.Replace("\r\n", "\n", StringComparison.Ordinal);
        var ex = Assert.Throws<DomainException>(() => IndicatorListParser.Parse(json.Replace(find, replace, StringComparison.Ordinal)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.indicators[", ex.Message, StringComparison.Ordinal);
        Assert.Matches(@"\(line \d+\)", ex.Message);
        Assert.DoesNotContain("Palermo.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".NET", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    public void Parse_NotAList_IsRefusedWithAFieldError(string json) =>
        Assert.Equal("list", Assert.Throws<DomainException>(() => IndicatorListParser.Parse(json)).Field);
}
