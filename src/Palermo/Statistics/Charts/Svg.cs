using System.Globalization;
using System.Security;
using System.Text;

namespace Palermo.Statistics.Charts;

/// <summary>Small helpers shared by the charts: the accessible SVG frame (role="img", aria-label, title and
/// desc), invariant number formatting and escaping. Generic font families only, so nothing is fetched and the
/// chart prints as it shows.</summary>
internal static class Svg
{
    public const string Text = "#1a1a1a";
    public const string Muted = "#555555";
    public const string Font = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\"";

    public static StringBuilder Open(int width, int height, string title, string description)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Escape(title)}\" {Font} font-size=\"13\">");
        svg.Append("<title>").Append(Escape(title)).Append("</title>");
        svg.Append("<desc>").Append(Escape(description)).Append("</desc>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"22\" font-size=\"16\" font-weight=\"600\" fill=\"{Text}\">{Escape(title)}</text>");
        return svg;
    }

    public static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    public static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static void Label(StringBuilder svg, double x, double y, string text, string anchor = "start", string colour = Text, int size = 13) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\" fill=\"{colour}\" font-size=\"{size}\">{Escape(text)}</text>");
}
