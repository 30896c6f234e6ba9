using Palermo.Data;

namespace Palermo.Statistics.Publications;

public enum PublicationState
{
    Draft = 1,
    Approved = 2,
    Withdrawn = 3,
}

/// <summary>A statistics release: an analyst drafts it, the national coordinator (never the drafter) approves it,
/// and approval freezes the protected aggregates as a JSON snapshot, so the public page shows exactly what was
/// approved and never recomputes from live data. Withdrawal takes it off the public page. The entity guards
/// these transitions itself.</summary>
public sealed class StatisticsPublication : IVersioned
{
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 4000;

    private StatisticsPublication() { Title = ""; Text = ""; Content = ""; }

    public Guid Id { get; private set; }
    public string Title { get; private set; }
    public string Text { get; private set; }
    public int FromYear { get; private set; }
    public int ToYear { get; private set; }
    /// <summary>Chosen table and chart ids separated by ';' (see <see cref="ChartIds"/>).</summary>
    public string Content { get; private set; }
    public PublicationState State { get; private set; }
    public Guid CreatedBy { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public Guid? ApprovedBy { get; private set; }
    public DateTime? ApprovedAt { get; private set; }
    public Guid? WithdrawnBy { get; private set; }
    public DateTime? WithdrawnAt { get; private set; }
    /// <summary>The frozen <see cref="StatisticsSnapshot"/> (suppressed aggregates only), set at approval.</summary>
    public string? Snapshot { get; private set; }
    public long Version { get; set; }

    public IReadOnlySet<string> ContentIds => Content.Split(';', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    public static StatisticsPublication Draft(string? title, string? text, int fromYear, int toYear, IEnumerable<string> content, Guid createdBy, DateTime now)
    {
        var t = title?.Trim() ?? "";
        if (t.Length is 0 or > TitleMaxLength) throw new DomainException("title", $"A title of 1 to {TitleMaxLength} characters is required.");
        var body = text?.Trim() ?? "";
        if (body.Length > TextMaxLength) throw new DomainException("text", $"The text must be at most {TextMaxLength} characters.");
        TextRules.OneLine("title", t);
        TextRules.Plain("text", body);
        if (fromYear > toYear) throw new DomainException("from", "The first year must not be after the last year.");
        var known = ChartIds.Tables.Concat(ChartIds.All).ToHashSet(StringComparer.Ordinal);
        // An unknown part is refused, not dropped: the author would publish less than they chose without knowing.
        var given = content.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (given.Any(c => !known.Contains(c))) throw new DomainException("content", "Unknown table or chart: choose from the list.");
        var chosen = given.Distinct().ToList();
        if (chosen.Count == 0) throw new DomainException("content", "Choose at least one table or chart.");
        return new StatisticsPublication
        {
            Id = Guid.CreateVersion7(), Title = t, Text = body, FromYear = fromYear, ToYear = toYear, Content = string.Join(';', chosen),
            State = PublicationState.Draft, CreatedBy = createdBy, CreatedAt = now,
        };
    }

    /// <summary>Publishes the draft with the snapshot taken now. Four eyes: the drafter cannot approve.</summary>
    public void Approve(Guid by, StatisticsSnapshot snapshot, DateTime now)
    {
        if (State != PublicationState.Draft) throw new DomainException("state", "Only a draft can be approved.");
        if (by == CreatedBy) throw new DomainException("approver", "A publication must be approved by someone other than its author.");
        if (snapshot.Unsuppressed) throw new DomainException("snapshot", "Unsuppressed data can never be published.");
        Snapshot = snapshot.ToJson();
        State = PublicationState.Approved;
        ApprovedBy = by;
        ApprovedAt = now;
    }

    public void Withdraw(Guid by, DateTime now)
    {
        if (State == PublicationState.Withdrawn) throw new DomainException("state", "Already withdrawn.");
        State = PublicationState.Withdrawn;
        WithdrawnBy = by;
        WithdrawnAt = now;
    }
}
