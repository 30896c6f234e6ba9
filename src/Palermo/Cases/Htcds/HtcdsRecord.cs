using System.Globalization;
using Palermo.Assistance;
using Palermo.Privacy;
using C = Palermo.Cases.Htcds.HtcdsColumns;

namespace Palermo.Cases.Htcds;

/// <summary>
/// One case as export cells, in the order of <see cref="HtcdsColumns.All"/>, written so that importing them again
/// gives the same record: every value an import reads back exactly (see docs/htcds.md for the two derived columns).
/// </summary>
/// <summary>What an export writes beside the case itself: its support plan, the person's assistance consent, its latest outgoing referral that was accepted or completed.</summary>
public sealed record HtcdsLinked(SupportPlan? Plan = null, bool? AssistanceConsent = null, DateTime? ReferredAt = null, string? ReferredTo = null,
    Palermo.Organisations.HtcdsOrganisationType? OrganisationType = null);

public static class HtcdsRecord
{
    public static string[] From(Case c, PersonCrypto crypto, HtcdsLinked? linked = null)
    {
        var plan = linked?.Plan;
        var p = c.Person.Open(crypto);
        string O(string field, Sealed? s) => crypto.Open(c.Person.DataKey, field, s) ?? "";
        var (phones, emails) = SplitContacts(p.Contacts);
        var (primaryLanguage, otherLanguages) = SplitLanguages(p.Languages);
        var events = c.Events.OrderBy(e => e.Date ?? DateOnly.MinValue).ThenBy(e => e.Type).ThenBy(e => e.Country, StringComparer.Ordinal).ToList();
        var values = new Dictionary<string, string>
        {
            [C.OrganisationType] = linked?.OrganisationType?.ToString() ?? "",
            [C.ExternalId] = c.ExternalId ?? c.Reference,
            [C.Reference] = c.Reference,
            [C.FirstName] = p.GivenName,
            [C.SecondName] = p.FamilyName ?? "",
            [C.Aliases] = p.Aliases ?? "",
            [C.Birthdate] = Date(p.BirthDate),
            [C.EstimatedAge] = p.BirthDate is null && c.AgeAtIdentification is { } age ? Number(age) : "",
            [C.Gender] = p.Gender.ToString(),
            [C.Citizenship] = string.Join(';', p.Citizenships),
            [C.PrimaryLanguage] = primaryLanguage,
            [C.SecondaryLanguage] = otherLanguages,
            [C.IdentityNumber] = p.DocumentNumber ?? "",
            [C.MobilePhone] = phones,
            [C.Email] = emails,
            [C.MailingStreet] = p.Mailing?.Street ?? "",
            [C.MailingCity] = p.Mailing?.City ?? "",
            [C.MailingState] = p.Mailing?.State ?? "",
            [C.MailingPostalCode] = p.Mailing?.PostalCode ?? "",
            [C.MailingCountry] = p.Mailing?.Country ?? "",
            [C.TraffickingStatus] = c.TraffickingStatus.ToString(),
            [C.DecisionMakingOrg] = c.StatusDecidedBy?.ToString() ?? "",
            [C.AgeWhenTrafficked] = AgeWhenTrafficked(p.BirthDate, events),
            [C.RelationshipToTrafficker] = c.RelationshipToTrafficker?.ToString() ?? "",
            [C.MethodOfRecruitment] = string.Join(';', Vocabulary.Names(c.MethodsOfRecruitment)),
            [C.MethodsOfControl] = string.Join(';', Vocabulary.Names(c.MethodsOfControl)),
            [C.TypeOfExploitation] = string.Join(';', Vocabulary.Names(c.Exploitation)),
            [C.ForcedLabourIndustry] = c.LabourIndustry?.ToString() ?? "",
            [C.TypeOfSexExploitation] = string.Join(';', Vocabulary.Names(c.SexExploitation)),
            [C.LocationOfRecruitment] = Locations(events, TraffickingEventType.Recruitment),
            [C.LocationOfExploitation] = Locations(events, TraffickingEventType.Exploitation),
            [C.EventType] = string.Join(';', events.Select(e => e.Type.ToString())),
            [C.EventCountry] = string.Join(';', events.Select(e => e.Country)),
            [C.EventCity] = events.Any(e => e.City is not null) ? string.Join(';', events.Select(e => O(CaseEvent.CitySealField, e.City))) : "",
            [C.EventDate] = events.Any(e => e.Date is not null) ? string.Join(';', events.Select(e => Date(e.Date))) : "",
            [C.CaseStatus] = c.Status.ToString(),
            [C.ReasonForClosure] = c.ClosureReason ?? "",
            [C.CountryOfDetection] = c.CountryOfDetection,
            [C.IdentificationDate] = Date(c.IdentificationDate),
            [C.Risk] = c.Risk.ToString(),
            [C.ChildAtExploitation] = c.ChildAtExploitation ? "true" : "false",
            [C.Guardian] = O("guardian", c.Guardian),
            [C.ReasonableGroundsDate] = Date(c.ReasonableGroundsDate),
            [C.ReasonableGroundsOutcome] = c.ReasonableGroundsOutcome?.ToString() ?? "",
            [C.ReasonableGroundsReasons] = O("rgReasons", c.ReasonableGroundsReasons),
            [C.ConclusiveGroundsDate] = Date(c.ConclusiveGroundsDate),
            [C.ConclusiveGroundsOutcome] = c.ConclusiveGroundsOutcome?.ToString() ?? "",
            [C.ConclusiveGroundsReasons] = O("cgReasons", c.ConclusiveGroundsReasons),
            [C.PerpetratorRoleInProcess] = string.Join(';', Vocabulary.Names(c.PerpetratorRoles)),
            [C.ReferringOrganisation] = c.ReferringOrganisation ?? "",
            [C.IncomingReferralDate] = Date(c.IncomingReferralDate),
            [C.ReasonForIncomingReferral] = c.ReasonForIncomingReferral?.ToString() ?? "",
        };
        if (PerpetratorDetails.FromSealText(crypto.Open(c.Person.DataKey, PerpetratorDetails.SealField, c.Perpetrator)) is { } per)
        {
            values[C.PerpetratorFirstName] = per.FirstName ?? "";
            values[C.PerpetratorSecondName] = per.SecondName ?? "";
            values[C.PerpetratorGender] = per.Gender?.ToString() ?? "";
            values[C.PerpetratorBirthdate] = Date(per.BirthDate);
            values[C.PerpetratorAge] = per.Age is { } pa ? Number(pa) : "";
            values[C.PerpetratorCitizenship] = string.Join(';', per.Citizenships);
        }

        values[C.Consent] = linked?.AssistanceConsent switch { true => "true", false => "false", null => "" };
        if (linked?.ReferredTo is { } to)
        {
            values[C.ReferredOrganisation] = to;
            values[C.OutgoingReferralDate] = Date(DateOnly.FromDateTime(linked.ReferredAt!.Value));
            // Palermo refers for named services; HTCDS's other reasons (migration, other) have no record here.
            values[C.ReasonForOutgoingReferral] = "AdditionalServicesRequired";
        }

        if (plan?.Open(c.Person.DataKey, crypto) is { } spl)
        {
            values[C.SupportPlanType] = string.Join(';', Vocabulary.Names(spl.Types));
            values[C.SupportPlanObjectives] = spl.Objectives ?? "";
            values[C.SupportPlanActionPlan] = spl.ActionPlan ?? "";
            values[C.SupportPlanPlannedEndDate] = Date(spl.PlannedEndDate);
            values[C.SupportPlanActualEndDate] = Date(spl.ActualEndDate);
        }

        return C.All.Select(col => values.GetValueOrDefault(col, "")).ToArray();
    }

    /// <summary>Palermo keeps contacts as one text; parts with an @ go to prs_Email, the rest to prs_MobilePhone (import joins them back).</summary>
    private static (string Phones, string Emails) SplitContacts(string? contacts)
    {
        var parts = (contacts ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (string.Join("; ", parts.Where(x => !x.Contains('@', StringComparison.Ordinal))),
            string.Join("; ", parts.Where(x => x.Contains('@', StringComparison.Ordinal))));
    }

    /// <summary>
    /// Palermo keeps the languages as one text. Split at ';': the first goes to prs_PrimaryLanguage, the rest (usually
    /// one) to prs_SecondaryLanguage, so that a third language is not lost; import joins them back with "; ". A text
    /// without ';' (e.g. "Ukrainian, Russian") is written whole as the primary language and comes back unchanged.
    /// </summary>
    private static (string Primary, string Others) SplitLanguages(string? languages)
    {
        if (languages is null || !languages.Contains(';', StringComparison.Ordinal)) return (languages ?? "", "");
        var parts = languages.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 0 ? ("", "") : (parts[0], string.Join("; ", parts.Skip(1)));
    }

    /// <summary>The age at the first dated recruitment or exploitation, when the birth date is known; informative only.</summary>
    private static string AgeWhenTrafficked(DateOnly? birth, IEnumerable<CaseEvent> events)
    {
        var first = events.Where(e => e.Date is not null && e.Type != TraffickingEventType.Transit).Select(e => e.Date!.Value).DefaultIfEmpty().Min();
        if (birth is not { } b || first == default) return "";
        var age = first.Year - b.Year;
        if (first < b.AddYears(age)) age--;
        return age >= 0 ? Number(age) : "";
    }

    private static string Locations(IEnumerable<CaseEvent> events, TraffickingEventType type) =>
        string.Join(';', events.Where(e => e.Type == type).Select(e => e.Country).Distinct());

    private static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
