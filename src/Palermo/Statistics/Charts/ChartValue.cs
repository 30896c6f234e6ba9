namespace Palermo.Statistics.Charts;

/// <summary>One labelled value of a chart: <see cref="Value"/> is null for a suppressed cell, and
/// <see cref="Shown"/> is what the chart prints (the count, <c>&lt;5</c> or <c>x</c>).</summary>
public sealed record ChartValue(string Label, int? Value, string Shown);
