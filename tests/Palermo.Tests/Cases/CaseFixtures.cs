using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Organisations;

namespace Palermo.Tests.Cases;

/// <summary>Two organisations with staff, and valid registration input, for case tests.</summary>
public sealed class CaseWorld
{
    public required TestDatabase Db { get; init; }
    public required Organisation Ngo { get; init; }
    public required Organisation Shelter { get; init; }
    public required Actor NgoWorker { get; init; }
    public required Actor NgoSupervisor { get; init; }
    public required Actor NgoSupervisor2 { get; init; }
    public required Actor ShelterWorker { get; init; }
    public required Actor Analyst { get; init; }

    public static async Task<CaseWorld> CreateAsync(TestDatabase t)
    {
        var ngo = await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("Harbour NGO", "NonGovernmentalOrganisation", "ITA"), Actor.Cli));
        var shelter = await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("Safe House", "Shelter", "ITA"), Actor.Cli));
        async Task<Actor> Staff(Organisation org, Role role)
        {
            var u = await t.With(sp => sp.Get<CreateUser>().HandleAsync(new($"{role}-{Guid.NewGuid():N}@x.example", org.Id.ToString(), [role.ToString()]), Actor.Cli));
            return new Actor(u.User.Id, org.Id, new HashSet<Role> { role }, "127.0.0.1");
        }

        return new CaseWorld
        {
            Db = t, Ngo = ngo, Shelter = shelter,
            NgoWorker = await Staff(ngo, Role.CaseWorker), NgoSupervisor = await Staff(ngo, Role.CaseSupervisor),
            NgoSupervisor2 = await Staff(ngo, Role.CaseSupervisor), ShelterWorker = await Staff(shelter, Role.CaseWorker),
            Analyst = await Staff(ngo, Role.Analyst),
        };
    }

    public static CaseInput Input(string given = "Olena", string family = "Kovalenko") => new()
    {
        GivenName = given, FamilyName = family, BirthDate = "1998-04-12", Gender = "Feminine", Citizenships = ["UA"],
        DocumentNumber = "FE 123456", TraffickingStatus = "PossibleVictimOfTrafficking", Exploitation = ["SexualExploitation"],
        SexExploitation = ["Prostitution"], MethodsOfControl = ["DebtBondage;WithholdsDocuments"], CountryOfDetection = "ITA",
        IdentificationDate = "2026-02-10", Risk = "High",
        Events = [new EventInput("Recruitment", "UKR", "2025-09-01"), new EventInput("Exploitation", "ITA", "2025-11-01")],
    };

    public Task<RegisteredCase> RegisterAsync(CaseInput? input = null, Actor? actor = null) =>
        Db.With(sp => sp.Get<RegisterVictim>().HandleAsync(input ?? Input(), actor ?? NgoWorker));
}
