namespace Palermo.Web.Infrastructure;

/// <summary>When on, every page carries the "Demo — synthetic data" banner.</summary>
public sealed record DemoMode(bool Enabled);
