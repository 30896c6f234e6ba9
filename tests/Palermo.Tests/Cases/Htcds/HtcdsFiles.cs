using System.Text;
using Palermo.Accounts;
using Palermo.Cases.Htcds;
using Palermo.Organisations;

namespace Palermo.Tests.Cases.Htcds;

/// <summary>Small CSV files for import tests, and the actors allowed to import and export.</summary>
public static class HtcdsFiles
{
    public const string Header = "pal_ExternalId,prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,prs_Citizenship,vic_TypeOfExploitation,pal_CountryOfDetection,pal_IdentificationDate";

    public static string Row(int i, string birth = "1999-05-01", string gender = "Feminine", string country = "IT") =>
        $"EXT-{i},Given{i},Family{i},{birth},{gender},UA;MD,SexualExploitation;ForcedLabour,{country},2026-01-{1 + (i % 28):D2}";

    public static string Csv(params string[] rows) => Header + "\r\n" + string.Join("\r\n", rows) + "\r\n";

    public static string Good(int n) => Csv(Enumerable.Range(1, n).Select(i => Row(i)).ToArray());

    public static MemoryStream Stream(string text, bool bom = false) =>
        new((bom ? [0xEF, 0xBB, 0xBF] : Array.Empty<byte>()).Concat(Encoding.UTF8.GetBytes(text)).ToArray());

    public static Actor Supervisor(Organisation org) => new(null, org.Id, new HashSet<Role> { Role.CaseSupervisor }, "127.0.0.1");

    public static Task<ImportHtcdsResult> ImportAsync(this TestDatabase t, string csv, Actor actor, bool bom = false) =>
        t.With(sp => sp.Get<ImportHtcds>().HandleAsync(Stream(csv, bom), actor));

    public static Task<int> CountCasesAsync(this TestDatabase t, Organisation org) =>
        t.With(sp => Task.FromResult(sp.Db().Cases.Count(c => c.OrganisationId == org.Id)));
}
