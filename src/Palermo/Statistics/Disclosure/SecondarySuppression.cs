namespace Palermo.Statistics.Disclosure;

/// <summary>Primary and secondary suppression of one cell system.
/// <list type="number">
/// <item>Primary: every cell with 0 &lt; count &lt; threshold, and every flow line below the flow minimum.</item>
/// <item>Secondary, fast rule: a relation (total = Σ parts) with exactly one suppressed cell would give it away
/// by subtraction, so suppress a second one — the smallest non-zero published part (the total only when no
/// part qualifies). Zeros are never chosen: they are published and known. Repeat until stable.</item>
/// <item>Exact check: <see cref="LinearAudit"/> finds cells still determined by combinations of relations
/// (e.g. a bridge between two suppression cycles in a 2-D table); for each, suppress the smallest non-zero
/// published cell of one of its relations, then go back to step 2.</item>
/// </list>
/// Terminates: each round suppresses at least one more cell, and once every non-zero cell is suppressed no
/// suppressed cell is determined (the equations are homogeneous with the zero solution, while suppressed
/// cells are non-zero).</summary>
internal static class SecondarySuppression
{
    public static CellStatus[] Apply(CellSystem system, DisclosureOptions options)
    {
        var status = new CellStatus[system.Keys.Count];
        for (var cell = 0; cell < status.Length; cell++)
        {
            var v = system.Values[cell];
            var limit = system.IsFlowLine(cell) ? Math.Max(options.Threshold, options.FlowLineMinimum) : options.Threshold;
            if (v > 0 && v < limit)
            {
                status[cell] = CellStatus.Primary;
            }
        }

        var relationsOf = new List<Equation>[status.Length];
        foreach (var eq in system.Equations)
        {
            foreach (var cell in eq.Parts.Append(eq.Total))
            {
                (relationsOf[cell] ??= []).Add(eq);
            }
        }

        while (true)
        {
            ApplyPairRule(system, status);
            var determined = LinearAudit.DeterminedCells(system, status);
            if (determined.Count == 0)
            {
                return status;
            }

            var progress = false;
            foreach (var cell in determined)
            {
                var candidate = (relationsOf[cell] ?? [])
                    .Select(eq => SmallestPublished(system, status, eq))
                    .Where(c => c >= 0)
                    .OrderBy(c => system.Values[c])
                    .DefaultIfEmpty(SmallestPublishedAnywhere(system, status))
                    .First();
                if (candidate >= 0 && status[candidate] == CellStatus.Published)
                {
                    status[candidate] = CellStatus.Secondary;
                    progress = true;
                }
            }

            if (!progress)
            {
                // Only reachable through a numerical fault in the audit; refusing beats publishing a leak.
                throw new InvalidOperationException("Secondary suppression found a determined cell it cannot protect.");
            }
        }
    }

    private static void ApplyPairRule(CellSystem system, CellStatus[] status)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var eq in system.Equations)
            {
                var suppressed = status[eq.Total] != CellStatus.Published ? 1 : 0;
                foreach (var p in eq.Parts)
                {
                    suppressed += status[p] != CellStatus.Published ? 1 : 0;
                }

                if (suppressed == 1)
                {
                    var pick = SmallestPublished(system, status, eq);
                    if (pick >= 0)
                    {
                        status[pick] = CellStatus.Secondary;
                        changed = true;
                    }
                }
            }
        }
        while (changed);
    }

    /// <summary>The smallest non-zero published part of a relation, else its total if that qualifies, else −1.</summary>
    private static int SmallestPublished(CellSystem system, CellStatus[] status, Equation eq)
    {
        var best = -1;
        foreach (var p in eq.Parts)
        {
            if (status[p] == CellStatus.Published && system.Values[p] > 0 && (best < 0 || system.Values[p] < system.Values[best]))
            {
                best = p;
            }
        }

        if (best < 0 && status[eq.Total] == CellStatus.Published && system.Values[eq.Total] > 0)
        {
            best = eq.Total;
        }

        return best;
    }

    private static int SmallestPublishedAnywhere(CellSystem system, CellStatus[] status)
    {
        var best = -1;
        for (var c = 0; c < status.Length; c++)
        {
            if (status[c] == CellStatus.Published && system.Values[c] > 0 && (best < 0 || system.Values[c] < system.Values[best]))
            {
                best = c;
            }
        }

        return best;
    }
}
