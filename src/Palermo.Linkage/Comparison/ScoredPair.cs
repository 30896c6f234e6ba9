namespace Palermo.Linkage.Comparison;

/// <summary>A query (row in the first set) and a candidate (row in the second set) with their Dice score.</summary>
public readonly record struct ScoredPair(int Query, int Candidate, double Score);
