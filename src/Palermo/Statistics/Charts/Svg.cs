using System.Globalization;
using System.Security;
using System.Text;

namespace Palermo.Statistics.Charts;

/// <summary>
/// Small helpers shared by the charts: the accessible SVG frame (role="img", aria-label, title and desc), lengths,
/// invariant number formatting and escaping. Generic font families only, so nothing is fetched and the chart prints as
/// it shows.
/// <para>
/// Chart text follows the reader's font setting (WCAG 1.4.4), like the rest of the page: the SVG has no viewBox, so
/// nothing is scaled to the chart's width; it has no font size of its own, so it takes the page's (site.css); and every
/// place that holds text is measured in <c>em</c>, so it grows with the text. Across the chart, what must spread over
/// the width (bars, years, the flow bands) is placed in <c>%</c>, and the chart carries a CSS class with the narrowest
/// width (in em) at which its labels still fit beside each other (<see cref="MinWidthClass"/>); below it the chart
/// scrolls sideways in its own region rather than overlapping or clipping text.
/// </para>
/// </summary>
internal static class Svg
{
    public const string Text = "#1a1a1a";
    public const string Muted = "#555555";
    public const string Font = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\"";

    /// <summary>The narrowest widths site.css knows as <c>.chart-min-N</c> (<c>min-width: Nem</c>).</summary>
    public static readonly int[] MinWidths = [18, 24, 32, 40, 48, 64];

    /// <summary>Opens a chart <paramref name="width"/> wide (a CSS length: <c>100%</c> or in em) and
    /// <paramref name="heightEm"/> em high.</summary>
    public static StringBuilder Open(string width, double heightEm, string title, string description, string? cssClass = null)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Em(heightEm)}\" class=\"chart{(cssClass is null ? "" : " " + cssClass)}\" role=\"img\" aria-label=\"{Escape(title)}\" {Font}>");
        svg.Append("<title>").Append(Escape(title)).Append("</title>");
        svg.Append("<desc>").Append(Escape(description)).Append("</desc>");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        return svg;
    }

    public static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    public static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    public static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Em(double value) => N(value) + "em";

    public static string Pct(double value) => N(value) + "%";

    /// <summary>A text at (<paramref name="x"/>, <paramref name="y"/>), both CSS lengths; <paramref name="dx"/> shifts
    /// it in em from there, so a label can sit a little beside a point placed in %.</summary>
    public static void Label(StringBuilder svg, string x, string y, string text, string anchor = "start", string colour = Text, double dx = 0, bool halo = false) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{x}\" y=\"{y}\"{(dx == 0 ? "" : $" dx=\"{Em(dx)}\"")} text-anchor=\"{anchor}\" fill=\"{colour}\"{(halo ? " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"" : "")}>{Escape(text)}</text>");

    /// <summary>
    /// A generous estimate of a text's width in em for a sans-serif font (wide capitals and digits, narrow spaces and
    /// punctuation). The layout is made from it; the browser tests check that the real text fits.
    /// </summary>
    public static double Width(string text) => text.Sum(c => c switch
    {
        ' ' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' or 'i' or 'l' or 'j' or 't' or 'f' or 'I' => 0.34,
        'M' or 'W' or 'm' or 'w' or '×' or '→' => 0.95,
        _ when char.IsUpper(c) || char.IsDigit(c) || c is '_' or '<' or '>' => 0.7,
        _ => 0.58,
    });

    /// <summary>The CSS class of the narrowest chart width, in em, at least <paramref name="em"/> (the largest if none
    /// is), and that width.</summary>
    public static (string Class, int Em) MinWidth(double em)
    {
        var w = MinWidths.FirstOrDefault(w => w >= em, MinWidths[^1]);
        return ($"chart-min-{w}", w);
    }

    /// <summary>Breaks a label into lines of at most <paramref name="max"/> characters at spaces (a longer word keeps
    /// its own line).</summary>
    public static List<string> Wrap(string text, int max)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > max)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : line + " " + word;
            }
        }

        lines.Add(line);
        return lines;
    }
}
