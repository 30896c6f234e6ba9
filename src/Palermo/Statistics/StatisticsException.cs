namespace Palermo.Statistics;

/// <summary>A validation error of the statistics module. <see cref="Field"/> names the input at fault
/// (<c>from</c>, <c>to</c>, <c>region</c>, <c>records</c>, <c>path</c>, ...) so the web page, API and CLI can
/// point the user at it; messages never contain personal data.</summary>
public sealed class StatisticsException : Exception
{
    public StatisticsException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
    }

    public StatisticsException(string field, string message, Exception inner)
        : base($"{field}: {message}", inner)
    {
        Field = field;
    }

    public StatisticsException()
        : this("input", "Invalid statistics input.")
    {
    }

    public StatisticsException(string message)
        : this("input", message)
    {
    }

    public StatisticsException(string message, Exception innerException)
        : this("input", message, innerException)
    {
    }

    public string Field { get; }
}
