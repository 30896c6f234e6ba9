namespace Palermo.Statistics.Charts;

/// <summary>Colours chosen for print and for contrast: every fill that carries text is paired with the text
/// colour (black or white) of higher WCAG contrast, which is always at least 4.5:1; bars use dark, distinct
/// hues readable on white and in greyscale.</summary>
public static class ChartColours
{
    public static readonly string[] Series = ["#1f4e79", "#8c2d04", "#2e6b30", "#5b3a87", "#4d4d4d", "#7a5c00"];

    /// <summary>A sequential blue scale for heat tables, 0 = white, 1 = dark navy.</summary>
    public static string Heat(double t)
    {
        t = Math.Clamp(t, 0, 1);
        int Mix(int from, int to) => (int)Math.Round(from + ((to - from) * t));
        return $"#{Mix(0xff, 0x08):x2}{Mix(0xff, 0x30):x2}{Mix(0xff, 0x6b):x2}";
    }

    /// <summary>The colour a #rrggbb stroke or fill at <paramref name="opacity"/> shows over white.</summary>
    public static string OverWhite(string hex, double opacity)
    {
        int Channel(int offset) => (int)Math.Round((Convert.ToInt32(hex.Substring(offset, 2), 16) * opacity) + (255 * (1 - opacity)));
        return $"#{Channel(1):x2}{Channel(3):x2}{Channel(5):x2}";
    }

    /// <summary>Black or white, whichever contrasts more with <paramref name="background"/>.</summary>
    public static string TextOn(string background) =>
        Contrast(background, "#000000") >= Contrast(background, "#ffffff") ? "#000000" : "#ffffff";

    /// <summary>WCAG 2 contrast ratio of two #rrggbb colours.</summary>
    public static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        double Channel(int offset)
        {
            var c = Convert.ToInt32(hex.Substring(offset, 2), 16) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(1)) + (0.7152 * Channel(3)) + (0.0722 * Channel(5));
    }
}
