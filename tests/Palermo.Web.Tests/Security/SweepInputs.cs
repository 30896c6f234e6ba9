using Palermo.Cases;

namespace Palermo.Web.Tests.Security;

/// <summary>The sweep's inputs: forms, API bodies and HTCDS files with a marker in every personal field.</summary>
internal static class SweepInputs
{
    internal static Dictionary<string, string> RegisterForm(LeakRecorder m, string given, string family) => new()
    {
        ["Input.GivenName"] = given, ["Input.FamilyName"] = family, ["Input.Aliases"] = m.M() + "; " + m.M(), ["Input.BirthDate"] = "1983-07-29",
        ["Input.Gender"] = "Feminine", ["Citizenships"] = "UKR", ["Input.Languages"] = m.M(), ["Input.Contacts"] = $"+39 555 {m.M()} {m.M()}@example.org",
        ["Input.DocumentNumber"] = m.M(), ["Input.MailingStreet"] = m.M(), ["Input.MailingCity"] = m.M(), ["Input.MailingState"] = m.M(),
        ["Input.MailingPostalCode"] = m.M(), ["Input.MailingCountry"] = "UKR", ["Input.IdentificationDate"] = "2026-01-15", ["Input.CountryOfDetection"] = "ITA",
        ["Input.TraffickingStatus"] = "PossibleVictimOfTrafficking", ["Input.Risk"] = "High", ["Input.ChildAtExploitation"] = "true", ["Input.Guardian"] = m.M(),
        ["Input.Exploitation"] = "ForcedBegging", ["EventTypes"] = "Recruitment", ["EventCountries"] = "UKR", ["EventDates"] = "2025-12-01", ["EventCities"] = m.M(),
        ["Input.ReferringOrganisation"] = m.M(), ["Input.IncomingReferralDate"] = "2026-01-10", ["Input.ReasonForIncomingReferral"] = "MigrationOrChangeOfLocation",
        ["Input.PerpetratorRoles"] = "Exploiter", ["Input.PerpetratorFirstName"] = m.M(), ["Input.PerpetratorSecondName"] = m.M(), ["Input.PerpetratorAge"] = "44",
    };

    internal static bool IsFact(string key) => key is not ("Input.GivenName" or "Input.FamilyName" or "Input.Aliases" or "Input.BirthDate" or "Input.Gender"
        or "Input.Languages" or "Input.Contacts" or "Input.DocumentNumber") && !key.StartsWith("Input.Mailing", StringComparison.Ordinal);

    internal static Dictionary<string, string> IdentityForm(LeakRecorder m, string version) => new()
    {
        ["Version"] = version, ["Input.GivenName"] = m.M(), ["Input.FamilyName"] = m.M(), ["Input.Aliases"] = m.M(), ["Input.BirthDate"] = "1983-07-29",
        ["Input.Gender"] = "Feminine", ["Citizenships"] = "UKR", ["Input.Contacts"] = m.M(), ["Input.DocumentNumber"] = m.M(), ["Input.MailingStreet"] = m.M(),
    };

    internal static CaseInput FullInput(LeakRecorder m, string document) => new()
    {
        GivenName = m.M(), FamilyName = m.M(), Aliases = m.M(), BirthDate = "1983-07-29", Gender = "Feminine", Citizenships = ["UKR"], Languages = m.M(),
        Contacts = $"+380 {m.M()} {m.M()}@example.org", DocumentNumber = document, MailingStreet = m.M(), MailingCity = m.M(), MailingState = m.M(),
        MailingPostalCode = m.M(), MailingCountry = "UA", CountryOfDetection = "ITA", IdentificationDate = "2026-01-15", Exploitation = ["SexualExploitation"],
        Guardian = m.M(), Events = [new EventInput("Recruitment", "UKR", "2025-12-01", m.M())], ReferringOrganisation = m.M(),
        PerpetratorRoles = ["RecruiterOrIntermediary"], PerpetratorFirstName = m.M(), PerpetratorSecondName = m.M(), PerpetratorBirthDate = "1970-01-01",
    };

    internal const string HtcdsHeader = "pal_ExternalId,prs_FirstName,prs_SecondName,pal_Aliases,prs_Birthdate,prs_Gender,prs_Citizenship,prs_IdentityNumber,"
        + "prs_MobilePhone,prs_Email,prs_MailingStreet,prs_MailingCity,pal_CountryOfDetection,pal_IdentificationDate,pal_Guardian,per_FirstName,per_SecondName,"
        + "hte_Type,hte_Country,hte_City,hte_Date,pal_ReasonableGroundsDate,pal_ReasonableGroundsOutcome,pal_ReasonableGroundsReasons";

    internal static string HtcdsRow(LeakRecorder m, string birth = "1983-07-29", string gender = "Feminine", string citizenship = "UA", string detection = "IT", string? id = null) =>
        $"{id ?? m.M()},{m.M()},{m.M()},{m.M()},{birth},{gender},{citizenship},{m.M()},+380 {m.M()},{m.M()}@example.org,{m.M()},{m.M()},{detection},2026-01-05,{m.M()},{m.M()},{m.M()},"
        + $"Recruitment,UA,{m.M()},2025-12-01,2026-01-10,Positive,{m.M()}";

    internal static string HtcdsGood(LeakRecorder m) => HtcdsHeader + "\r\n" + HtcdsRow(m) + "\r\n";

    internal static string HtcdsBad(LeakRecorder m)
    {
        var dupId = m.M();
        return HtcdsHeader + "\r\n" + string.Join("\r\n",
            HtcdsRow(m, birth: m.M()), HtcdsRow(m, gender: m.M()), HtcdsRow(m, citizenship: m.M()), HtcdsRow(m, detection: m.M()),
            HtcdsRow(m, id: dupId), HtcdsRow(m, id: dupId), HtcdsRow(m, id: m.M() + new string('x', 300))) + "\r\n";
    }
}
