using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Configuration;
using Palermo.Organisations;
using Palermo.Statistics;

namespace Palermo.Web.Statistics;

/// <summary>The dashboard's GET filter, bound as plain strings so any bad value becomes a field error on the
/// page instead of a binding failure or a 500. No personal data is involved, so a query string is fine.</summary>
public sealed class StatisticsFilter
{
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Kind { get; set; }
    public string? Region { get; set; }

    /// <summary>The request, or null when a field is invalid (the errors are then in <paramref name="errors"/>).</summary>
    public StatisticsRequest? ToRequest(ModelStateDictionary errors, int threshold, bool unsuppressed = false)
    {
        var from = Year(From, "from", errors);
        var to = Year(To, "to", errors);
        IReadOnlySet<OrganisationKind>? kinds = null;
        if (!string.IsNullOrWhiteSpace(Kind))
        {
            if (Enum.TryParse<OrganisationKind>(Kind.Trim(), ignoreCase: false, out var k) && Enum.IsDefined(k) && !char.IsDigit(Kind.Trim()[0]))
            {
                kinds = new HashSet<OrganisationKind> { k };
            }
            else
            {
                errors.AddModelError("kind", "Choose a kind of organisation from the list.");
            }
        }

        var region = string.IsNullOrWhiteSpace(Region) ? null : Region.Trim();
        if (region is { Length: > 100 }) errors.AddModelError("region", "Choose a region from the list.");
        return errors.IsValid ? new StatisticsRequest(from, to, kinds, region, unsuppressed, threshold) : null;
    }

    /// <summary>The deployment's disclosure threshold (<c>Statistics:Threshold</c>, default 5).</summary>
    public static int Threshold(IConfiguration config) => config.GetValue("Statistics:Threshold", 5);

    private static int? Year(string? value, string field, ModelStateDictionary errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1900 and <= 2200) return y;
        errors.AddModelError(field, "Give a year as four digits, e.g. 2024.");
        return null;
    }
}
