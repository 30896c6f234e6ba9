namespace Palermo.Linkage.Solving;

/// <summary>A record: the 0-based index of its input file and its 0-based position in that file.</summary>
public readonly record struct RecordRef(int Input, int Position);

/// <summary>A scored candidate pair between records of two different inputs.</summary>
public readonly record struct Edge(RecordRef A, RecordRef B, double Score);
