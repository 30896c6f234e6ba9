using System.Text.Json;
using System.Text.RegularExpressions;

namespace Palermo.Screening;

/// <summary>
/// Reads and validates a list file. Every error names the item at fault (list field or indicator id) so that an
/// administrator loading a national variant can fix the file; nothing of a broken list is ever used.
/// </summary>
public static partial class IndicatorListParser
{
    public const string Field = "list";
    public const int MaxBytes = 1_000_000;
    public const int MaxIndicators = 500;
    public const int IdMaxLength = 64;
    public const int VersionMaxLength = 32;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A misspelt field ("grdae") must not silently fall back to a default.
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        // Nor may a field given twice count as its last value: the file would say two things.
        AllowDuplicateProperties = false,
    };

    // The serializer's own messages name .NET types ("…mapped to any .NET member contained in type
    // 'Palermo.Screening.IndicatorListParser+ListFile'"), which tell an administrator nothing: said in the file's terms.
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var start = message.IndexOf('\'', StringComparison.Ordinal) + 1;
            var end = start > 0 ? message.IndexOf('\'', start) : -1;
            return end > start ? $"unknown field '{Shorten(message[start..end])}'" : "an unknown field";
        }

        if (message.Contains("could not be converted to", StringComparison.Ordinal)) return "a value of the wrong kind (text, number, true/false, list or object)";
        if (message.Contains("duplicate", StringComparison.OrdinalIgnoreCase)) return "a field given twice";
        return TypeName().Replace(message.TrimEnd('.'), "the expected value");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"'?\b(?:System|Palermo)(?:\.[A-Za-z0-9_`+]+)+'?")]
    private static partial System.Text.RegularExpressions.Regex TypeName();

    public static IndicatorList Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) throw Error("The list is empty.");
        if (json.Length > MaxBytes) throw Error($"The list is larger than {MaxBytes / 1000} kB.");
        ListFile file;
        try
        {
            file = JsonSerializer.Deserialize<ListFile>(json, Options) ?? throw Error("The list is empty.");
        }
        catch (JsonException ex)
        {
            throw Error($"The list is not valid JSON for an indicator list at {ex.Path ?? "$"} (line {(ex.LineNumber ?? 0) + 1}): {Describe(ex)}.");
        }

        var id = RequireId(file.Id, "id", IdMaxLength);
        var version = RequireVersion(file.Version);
        var title = Require(file.Title, "title");
        var kind = file.Kind switch
        {
            "operational" => ListKind.Operational,
            "forced-labour" => ListKind.ForcedLabour,
            _ => throw Error($"List field 'kind' is '{Shorten(file.Kind)}'; use operational or forced-labour."),
        };
        var source = Require(file.Source, "source");
        var indicators = ParseIndicators(file.Indicators, kind);
        if (kind == ListKind.ForcedLabour)
        {
            if (file.SubjectGroup is not null || file.Exploitation is not null || file.PresumedVictimWhen is not null)
            {
                throw Error("A forced-labour list has no subjectGroup, exploitation or presumedVictimWhen.");
            }

            return new IndicatorList(id, version, title, kind, null, null, source, [], indicators);
        }

        var group = file.SubjectGroup switch
        {
            "adult" => SubjectGroup.Adult,
            "child" => SubjectGroup.Child,
            _ => throw Error($"List field 'subjectGroup' is '{Shorten(file.SubjectGroup)}'; use adult or child."),
        };
        var exploitation = file.Exploitation switch
        {
            "labour" => ExploitationType.Labour,
            "sexual" => ExploitationType.Sexual,
            _ => throw Error($"List field 'exploitation' is '{Shorten(file.Exploitation)}'; use labour or sexual."),
        };
        return new IndicatorList(id, version, title, kind, group, exploitation, source, ParseRule(file.PresumedVictimWhen), indicators);
    }

    private static List<Indicator> ParseIndicators(List<IndicatorFile?>? items, ListKind kind)
    {
        if (items is not { Count: > 0 }) throw Error("The list has no indicators.");
        if (items.Count > MaxIndicators) throw Error($"The list has more than {MaxIndicators} indicators.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Indicator>(items.Count);
        for (var n = 0; n < items.Count; n++)
        {
            var item = items[n] ?? throw Error($"Indicator number {n + 1} is empty.");
            var id = RequireId(item.Id, $"id of indicator number {n + 1}", IdMaxLength);
            if (!seen.Add(id)) throw Error($"Indicator '{id}' appears more than once; ids must be unique within a list.");
            var wording = Require(item.Wording, $"wording of indicator '{id}'");
            var source = Require(item.Source, $"source of indicator '{id}'");
            if (item.Verified is null) throw Error($"Indicator '{id}' has no 'verified' flag; say true or false.");
            if (kind == ListKind.ForcedLabour)
            {
                if (item.Dimension is not null || item.Grade is not null) throw Error($"Indicator '{id}' is on a forced-labour list, which has no dimensions or grades.");
                result.Add(new Indicator(id, null, wording, null, item.Verified.Value, source));
                continue;
            }

            if (item.Dimension is not { } d || !Dimensions.IsKnown(d))
            {
                throw Error($"Indicator '{id}' has dimension {item.Dimension?.ToString() ?? "(none)"}; use 1 to 6.");
            }

            var grade = item.Grade switch
            {
                "strong" => Grade.Strong,
                "medium" => Grade.Medium,
                "weak" => Grade.Weak,
                _ => throw Error($"Indicator '{id}' has grade '{Shorten(item.Grade)}'; use strong, medium or weak."),
            };
            result.Add(new Indicator(id, d, wording, grade, item.Verified.Value, source));
        }

        return result;
    }

    private static List<IReadOnlyList<int>> ParseRule(List<List<int>?>? rule)
    {
        if (rule is not { Count: > 0 }) throw Error("List field 'presumedVictimWhen' is missing; give groups of dimensions, e.g. [[1,2,3],[4],[5,6]].");
        var groups = new List<IReadOnlyList<int>>(rule.Count);
        foreach (var g in rule)
        {
            if (g is not { Count: > 0 }) throw Error("List field 'presumedVictimWhen' has an empty group of dimensions.");
            foreach (var d in g.Where(d => !Dimensions.IsKnown(d))) throw Error($"List field 'presumedVictimWhen' names dimension {d}; use 1 to 6.");
            groups.Add(g.Distinct().Order().ToArray());
        }

        return groups;
    }

    private static string Require(string? value, string what)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) throw Error($"The {what} is missing.");
        if (v.Length > 1000) throw Error($"The {what} is longer than 1000 characters.");
        return v;
    }

    private static string RequireId(string? value, string what, int max)
    {
        var v = Require(value, what);
        if (v.Length > max || !IdPattern().IsMatch(v)) throw Error($"The {what} '{Shorten(v)}' must be lower-case letters, digits, '.', '-' or '_' (at most {max}).");
        return v;
    }

    private static string RequireVersion(string? value)
    {
        var v = Require(value, "version");
        if (v.Length > VersionMaxLength || !VersionPattern().IsMatch(v)) throw Error($"The version '{Shorten(v)}' must be letters, digits, '.', '-' or '_' (at most {VersionMaxLength}).");
        return v;
    }

    // A value is quoted back so the administrator can find it in the file, but never at length (a 1 MB field would
    // otherwise come back whole in the answer).
    private static string Shorten(string? s) => s is null ? "" : s.Length > 40 ? s[..40] + "…" : s;

    private static DomainException Error(string message) => new(Field, message);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex VersionPattern();

    private sealed record ListFile(
        string? Id, string? Version, string? Title, string? Kind, string? SubjectGroup, string? Exploitation, string? Source,
        List<List<int>?>? PresumedVictimWhen, List<IndicatorFile?>? Indicators);

    private sealed record IndicatorFile(string? Id, int? Dimension, string? Wording, string? Grade, bool? Verified, string? Source);
}
