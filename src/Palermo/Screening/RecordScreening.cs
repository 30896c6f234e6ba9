using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Screening;

/// <param name="ListId">An operational list (see ListIndicatorLists).</param>
/// <param name="ListVersion">The exact version; when left out, the latest version of that list.</param>
/// <param name="Indicators">Ids of the operational indicators observed.</param>
/// <param name="ForcedLabourIndicators">Ids of the ILO forced-labour indicators observed, on the current forced-labour list.</param>
public sealed record RecordScreeningRequest(string? ListId, string? ListVersion, IReadOnlyList<string>? Indicators, IReadOnlyList<string>? ForcedLabourIndicators);

/// <summary>Records an anonymous screening for the actor's organisation; no personal data is asked or stored.</summary>
public sealed class RecordScreening(PalermoDbContext db)
{
    public async Task<ScreeningView> HandleAsync(RecordScreeningRequest request, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ScreenPersons) || actor.UserId is not { } userId || actor.OrganisationId is not { } orgId) throw new NotFoundException();
        var list = (string.IsNullOrEmpty(request.ListVersion)
                ? (await db.AllIndicatorListsAsync(ct)).LastOrDefault(l => l.Id == request.ListId)
                : await db.FindIndicatorListAsync(request.ListId, request.ListVersion, ct))
            ?? throw await UnknownListAsync(request, ct);
        var forcedLabour = await db.CurrentForcedLabourListAsync(ct);
        var screening = Screening.Record(orgId, userId, list, request.Indicators, forcedLabour, request.ForcedLabourIndicators, db.UtcNow);
        db.Set<Screening>().Add(screening);
        db.Audit(AuditEvent.ScreeningRecorded, actor, nameof(Screening), screening.Id);
        await db.SaveChangesAsync(ct);
        return ScreeningView.From(screening, list, forcedLabour);
    }

    // Names the property at fault: an id no list has, or a version the list does not have.
    private async Task<DomainException> UnknownListAsync(RecordScreeningRequest request, CancellationToken ct) =>
        (await db.AllIndicatorListsAsync(ct)).Any(l => l.Id == request.ListId)
            ? new DomainException("listVersion", "This indicator list has no such version.")
            : new DomainException("listId", "Choose an indicator list: this list id is not known.");
}
