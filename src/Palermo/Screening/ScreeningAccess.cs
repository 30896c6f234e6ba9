using Palermo.Accounts;

namespace Palermo.Screening;

/// <summary>Who may see a screening: users of the organisation that did it, holding ScreenPersons or ReadCases.</summary>
public static class ScreeningAccess
{
    public static bool MayRead(Actor actor) =>
        actor.UserId is not null && actor.OrganisationId is not null && (actor.Has(Permission.ScreenPersons) || actor.Has(Permission.ReadCases));

    public static IQueryable<Screening> VisibleTo(this IQueryable<Screening> screenings, Actor actor) =>
        MayRead(actor) ? screenings.Where(s => s.OrganisationId == actor.OrganisationId) : screenings.Where(_ => false);
}
