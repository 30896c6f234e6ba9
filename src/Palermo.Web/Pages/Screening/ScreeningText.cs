using System.Globalization;
using Palermo.Screening;

namespace Palermo.Web.Pages.Screening;

/// <summary>Words for the screening pages, in one place.</summary>
public static class ScreeningText
{
    public static string Group(SubjectGroup? g) => g == SubjectGroup.Child ? "Child" : "Adult";

    public static string Exploitation(ExploitationType? e) => e == ExploitationType.Sexual ? "sexual exploitation" : "labour exploitation";

    public static string Grade(Grade? g) => g switch
    {
        Palermo.Screening.Grade.Strong => "strong",
        Palermo.Screening.Grade.Medium => "medium",
        Palermo.Screening.Grade.Weak => "weak",
        _ => "",
    };

    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
