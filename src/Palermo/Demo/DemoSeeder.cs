using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Organisations;
using Palermo.Privacy;

namespace Palermo.Demo;

public sealed record DemoCredential(string Email, Role Role, string Organisation, string Password, string TotpSecret);

public sealed record DemoResult(IReadOnlyList<DemoCredential> Credentials, int Persons);

/// <summary>
/// Seeds a clearly synthetic demo: one organisation of each kind, one user per role (passwords and TOTP secrets
/// returned for printing) and synthetic persons. Passwords and secrets are random on every run; the data follow the seed.
/// </summary>
public sealed class SeedDemo(PalermoDbContext db, PersonCrypto crypto, BlindIndex index, NameEncoder encoder)
{
    public const string Domain = "demo.palermo.invalid";

    private static readonly (OrganisationKind Kind, string Name)[] Orgs =
    [
        (OrganisationKind.NationalCoordinator, "Demo National Anti-Trafficking Office"),
        (OrganisationKind.Police, "Demo Police Anti-Trafficking Unit"),
        (OrganisationKind.Prosecution, "Demo Public Prosecutor"),
        (OrganisationKind.LabourInspectorate, "Demo Labour Inspectorate"),
        (OrganisationKind.BorderAgency, "Demo Border Agency"),
        (OrganisationKind.Shelter, "Demo Safe House"),
        (OrganisationKind.Hotline, "Demo Hotline"),
        (OrganisationKind.NonGovernmentalOrganisation, "Demo Victim Support NGO"),
        (OrganisationKind.InternationalOrganisation, "Demo International Organisation"),
        (OrganisationKind.Government, "Demo Ministry of Social Affairs"),
        (OrganisationKind.CivilSociety, "Demo Community Network"),
        (OrganisationKind.Fund, "Demo Victims Trust Fund"),
    ];

    private static readonly Dictionary<Role, OrganisationKind> HomeOf = new()
    {
        [Role.SystemAdministrator] = OrganisationKind.NationalCoordinator,
        [Role.OrganisationAdministrator] = OrganisationKind.NonGovernmentalOrganisation,
        [Role.FrontlineOfficer] = OrganisationKind.Police,
        [Role.CaseWorker] = OrganisationKind.NonGovernmentalOrganisation,
        [Role.CaseSupervisor] = OrganisationKind.NonGovernmentalOrganisation,
        [Role.Investigator] = OrganisationKind.Police,
        [Role.Analyst] = OrganisationKind.NationalCoordinator,
        [Role.NationalCoordinator] = OrganisationKind.NationalCoordinator,
        [Role.FundManager] = OrganisationKind.Fund,
        [Role.DataProtectionOfficer] = OrganisationKind.NationalCoordinator,
    };

    public async Task<DemoResult> HandleAsync(int cases, int seed, Actor actor, CancellationToken ct = default)
    {
        if (cases is < 0 or > 10_000_000) throw new DomainException("cases", "--cases must be between 0 and 10,000,000.");
        var now = db.UtcNow;
        var orgs = new Dictionary<OrganisationKind, Organisation>();
        foreach (var (kind, name) in Orgs)
        {
            var org = await db.Organisations.SingleOrDefaultAsync(o => o.Name == name, ct);
            if (org is null)
            {
                org = new Organisation(name, kind, "ITA", now);
                db.Organisations.Add(org);
                db.Audit(AuditEvent.OrganisationCreated, actor, nameof(Organisation), org.Id, "demo");
            }

            orgs[kind] = org;
        }

        var credentials = new List<DemoCredential>();
        var hasher = new PasswordHasher<PalermoUser>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var email = $"{role.ToString().ToLowerInvariant()}@{Domain}";
            var normalised = email.ToUpperInvariant();
            var org = orgs[HomeOf[role]];
            var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalised, ct);
            if (user is null)
            {
                user = new PalermoUser(email, org.Id, now) { NormalizedEmail = normalised, NormalizedUserName = normalised, EmailConfirmed = true };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = PalermoRole.IdOf(role) });
                db.Audit(AuditEvent.UserCreated, actor, "User", user.Id, "demo");
            }
            else
            {
                var tokens = await db.UserTokens.Where(t => t.UserId == user.Id).ToListAsync(ct);
                db.UserTokens.RemoveRange(tokens);
            }

            var password = "demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var secret = Totp.NewSecret();
            user.PasswordHash = hasher.HashPassword(user, password);
            user.TwoFactorEnabled = true;
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            db.UserTokens.Add(new IdentityUserToken<Guid> { UserId = user.Id, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = secret });
            credentials.Add(new DemoCredential(email, role, org.Name, password, secret));
        }

        await db.SaveChangesAsync(ct);
        var persons = await SeedPersonsAsync(cases, seed, orgs.Values.ToList(), actor, ct);
        db.Audit(AuditEvent.DemoSeeded, actor, purpose: $"cases={cases} seed={seed}");
        await db.SaveChangesAsync(ct);
        return new DemoResult(credentials, persons);
    }

    private async Task<int> SeedPersonsAsync(int count, int seed, List<Organisation> orgs, Actor actor, CancellationToken ct)
    {
        var generator = new DemoCaseGenerator(seed);
        var holders = orgs.Where(o => o.Kind is OrganisationKind.Police or OrganisationKind.Shelter or OrganisationKind.NonGovernmentalOrganisation or OrganisationKind.Hotline or OrganisationKind.LabourInspectorate).ToList();
        var now = db.UtcNow;
        var counters = await db.Set<CaseReferenceCounter>().ToDictionaryAsync(c => c.Year, ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        for (var i = 0; i < count; i++)
        {
            var (details, facts) = generator.Next(now.Year - 4, now.Year, DateOnly.FromDateTime(now));
            var org = holders[generator.Below(holders.Count)];
            Add(org, details, facts);
            // About one victim in ten is also recorded by a second agency, spelled a little differently.
            if (generator.Chance(0.1) && i + 1 < count)
            {
                Add(holders[(holders.IndexOf(org) + 1) % holders.Count], generator.Variant(details), facts);
                i++;
            }

            if ((i + 1) % 2000 < 2)
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        return count;

        void Add(Organisation org, PersonDetails details, CaseFacts facts)
        {
            var person = Person.Register(org.Id, details, crypto, index, now);
            person.SetEncoding(encoder.Encode(details));
            var year = facts.IdentificationDate.Year;
            if (!counters.TryGetValue(year, out var counter))
            {
                counter = new CaseReferenceCounter { Year = year, Next = 1 };
                counters[year] = counter;
                db.Add(counter);
            }
            else if (db.Entry(counter).State == EntityState.Detached)
            {
                db.Attach(counter);
            }

            db.Entry(counter).State = db.Entry(counter).State == EntityState.Added ? EntityState.Added : EntityState.Modified;
            var reference = CaseReferences.Format(year, counter.Next++);
            db.Persons.Add(person);
            db.Cases.Add(Case.Open(reference, org.Id, person, facts, null, crypto, now));
        }
    }
}
