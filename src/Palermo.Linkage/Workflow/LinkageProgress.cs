namespace Palermo.Linkage.Workflow;

/// <summary>Progress of a long step: <see cref="Done"/> of <see cref="Total"/> units of <see cref="Stage"/>.</summary>
public readonly record struct LinkageProgress(string Stage, long Done, long Total);
