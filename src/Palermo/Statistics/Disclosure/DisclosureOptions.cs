namespace Palermo.Statistics.Disclosure;

/// <summary>Disclosure-control settings. Counts from 1 to <see cref="Threshold"/> − 1 are primary-suppressed
/// (zero is published: it is true and reveals no person); flow lines below <see cref="FlowLineMinimum"/> are
/// not published at all, as in the Global Report.</summary>
public sealed record DisclosureOptions(int Threshold = 5, int FlowLineMinimum = 5)
{
    public static DisclosureOptions Default { get; } = new();

    internal void Validate()
    {
        if (Threshold < 1 || Threshold > 1000)
        {
            throw new StatisticsException("threshold", "The suppression threshold must be between 1 and 1000.");
        }

        if (FlowLineMinimum < 1 || FlowLineMinimum > 1000)
        {
            throw new StatisticsException("flowLineMinimum", "The flow-line minimum must be between 1 and 1000.");
        }
    }
}
