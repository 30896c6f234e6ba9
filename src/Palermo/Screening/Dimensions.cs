namespace Palermo.Screening;

/// <summary>The six elements of the Palermo Protocol definition, as the ILO/EC operational indicators group them.</summary>
public static class Dimensions
{
    public const int First = 1;
    public const int Last = 6;

    private static readonly string[] Names =
    [
        "Deceptive recruitment (including transfer and transport)",
        "Coercive recruitment",
        "Recruitment by abuse of vulnerability",
        "Exploitative conditions of work (exploitation)",
        "Coercion at destination",
        "Abuse of vulnerability at destination",
    ];

    public static bool IsKnown(int dimension) => dimension is >= First and <= Last;

    public static string Name(int dimension) => IsKnown(dimension) ? Names[dimension - 1] : $"Dimension {dimension}";
}
