using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.CrossAgency;
using Palermo.Organisations;
using Palermo.Tests.Cases;

namespace Palermo.Tests.Linkage;

/// <summary>
/// Two organisations (from <see cref="CaseWorld"/>) and a national coordinator. The same woman is registered by both,
/// once as Olena and once as Elena Kovalenko; other persons differ, one never consented and one withdrew.
/// </summary>
public sealed class CrossAgencyWorld
{
    public static readonly string[] PersonalValues = ["Olena", "Elena", "Kovalenko", "Popescu", "Bello", "Petrenko", "Okafor", "1998-04-12", "1987-11-03"];

    public required CaseWorld Cases { get; init; }
    public required Actor Coordinator { get; init; }
    public required RegisteredCase NgoOlena { get; init; }
    public required RegisteredCase NgoMaria { get; init; }
    public required RegisteredCase NgoAisha { get; init; }
    public required RegisteredCase NgoIvan { get; init; }
    public required RegisteredCase ShelterElena { get; init; }
    public required RegisteredCase ShelterGrace { get; init; }

    public TestDatabase Db => Cases.Db;

    public static async Task<CrossAgencyWorld> CreateAsync(TestDatabase t)
    {
        var w = await CaseWorld.CreateAsync(t);
        var office = await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new("National Office", "NationalCoordinator", "ITA"), Actor.Cli));
        var user = await t.With(sp => sp.Get<CreateUser>().HandleAsync(new($"coordinator-{Guid.NewGuid():N}@x.example", office.Id.ToString(), [nameof(Role.NationalCoordinator)]), Actor.Cli));
        var coordinator = new Actor(user.User.Id, office.Id, new HashSet<Role> { Role.NationalCoordinator }, "127.0.0.1");

        async Task<RegisteredCase> Register(string given, string family, string birth, string gender, Actor by, bool consent)
        {
            var c = await w.RegisterAsync(CaseWorld.Input(given, family) with { BirthDate = birth, Gender = gender, DocumentNumber = null }, by);
            if (consent) await Consent(t, c, by);
            return c;
        }

        var ivan = await Register("Ivan", "Petrenko", "1992-02-14", "Masculine", w.NgoWorker, consent: false);
        var withdrawn = await Consent(t, ivan, w.NgoWorker);
        await t.With(sp => sp.Get<WithdrawConsent>().HandleAsync(withdrawn.Id, w.NgoWorker));
        return new CrossAgencyWorld
        {
            Cases = w, Coordinator = coordinator,
            NgoOlena = await Register("Olena", "Kovalenko", "1998-04-12", "Feminine", w.NgoWorker, consent: true),
            NgoMaria = await Register("Maria", "Popescu", "1987-11-03", "Feminine", w.NgoWorker, consent: true),
            NgoAisha = await Register("Aisha", "Bello", "2001-06-20", "Feminine", w.NgoWorker, consent: false),
            NgoIvan = ivan,
            ShelterElena = await Register("Elena", "Kovalenko", "1998-04-12", "Feminine", w.ShelterWorker, consent: true),
            ShelterGrace = await Register("Grace", "Okafor", "1995-08-30", "Feminine", w.ShelterWorker, consent: true),
        };
    }

    public Task<LinkageProject> CreateProjectAsync() => Db.With(sp => sp.Get<CreateLinkageProject>().HandleAsync("Regional review 2026", Coordinator));

    public Task<ExportedEncodings> ExportAsync(Guid projectId, Actor by) => Db.With(sp => sp.Get<ExportOrganisationEncodings>().HandleAsync(projectId, by));

    /// <summary>A project where both organisations exported and the coordinator ran the linkage.</summary>
    public async Task<LinkageProject> LinkedProjectAsync()
    {
        var p = await CreateProjectAsync();
        await ExportAsync(p.Id, Cases.NgoWorker);
        await ExportAsync(p.Id, Cases.ShelterWorker);
        await Db.With(sp => sp.Get<RunCrossAgencyLinkage>().HandleAsync(p.Id, Coordinator));
        return p;
    }

    private static Task<ConsentRecord> Consent(TestDatabase t, RegisteredCase c, Actor by) =>
        t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new(nameof(ConsentPurpose.CrossAgencyLinkage), "Written", null), by));
}
