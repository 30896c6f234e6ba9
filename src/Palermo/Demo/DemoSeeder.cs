using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Organisations;
using Palermo.Privacy;
using Palermo.Referrals;

namespace Palermo.Demo;

public sealed record DemoCredential(string Email, Role Role, string Organisation, string Password, string TotpSecret);

/// <summary>A demo account that existed before the run and was left as it was (its password, TOTP secret, roles).</summary>
public sealed record DemoAccount(string Email, Role Role, string Organisation);

/// <summary><c>Credentials</c>: the accounts created (or, when asked to, reset) by this run; <c>Kept</c>: those left untouched.</summary>
public sealed record DemoResult(IReadOnlyList<DemoCredential> Credentials, int Persons, IReadOnlyList<DemoAccount> Kept);

/// <summary>
/// Seeds a clearly synthetic demo: one organisation of each kind, one user per role (passwords and TOTP secrets
/// returned for printing) and synthetic persons. Passwords and secrets are random; the data follow the seed.
/// Run again on the same database, it adds cases and leaves existing demo accounts alone: someone may be signed in
/// with them, or have changed the password and enrolled their own authenticator (a shared demo server, restarted
/// with <c>--demo</c>). Only <c>resetPasswords</c> gives existing demo accounts new passwords and secrets.
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

    public async Task<DemoResult> HandleAsync(int cases, int seed, Actor actor, bool resetPasswords = false, CancellationToken ct = default)
    {
        if (cases is < 0 or > 10_000_000) throw new DomainException("cases", "The number of cases must be between 0 and 10,000,000.");
        // One transaction for everything, the new demo passwords included: a seed that fails or is cancelled leaves
        // the accounts with the passwords printed last time, not with new ones nobody saw.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
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
        var kept = new List<DemoAccount>();
        var hasher = new PasswordHasher<PalermoUser>();
        // Identity's PBKDF2 (100,000 rounds) takes about 70 ms per password: the ten hashes run on the thread pool while
        // this thread reads and adds the accounts, instead of 0.7 s in a row before the seed starts.
        var hashing = new List<(PalermoUser User, Task<string> Hash)>();
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
            else if (!resetPasswords)
            {
                kept.Add(new DemoAccount(email, role, org.Name));
                continue;
            }
            else
            {
                var tokens = await db.UserTokens.Where(t => t.UserId == user.Id).ToListAsync(ct);
                db.UserTokens.RemoveRange(tokens);
                db.Audit(AuditEvent.PasswordSet, actor, "User", user.Id, "demo --reset-passwords");
            }

            var password = "demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var secret = Totp.NewSecret();
            var hashed = user;
            hashing.Add((user, Task.Run(() => hasher.HashPassword(hashed, password), ct)));
            user.TwoFactorEnabled = true;
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            db.UserTokens.Add(new IdentityUserToken<Guid> { UserId = user.Id, LoginProvider = IdentityDefaults.StoreTokens, Name = "AuthenticatorKey", Value = secret });
            credentials.Add(new DemoCredential(email, role, org.Name, password, secret));
        }

        foreach (var (user, hash) in hashing) user.PasswordHash = await hash;
        await db.SaveChangesAsync(ct);
        // Queued now, so the entry is written in the seeding transaction itself.
        db.Audit(AuditEvent.DemoSeeded, actor, purpose: $"cases={cases} seed={seed}");
        var persons = await SeedPersonsAsync(cases, seed, orgs.Values.ToList(), ct);
        return new DemoResult(credentials, persons, kept);
    }

    /// <summary>Cases built in memory per step; the next step is built while the previous one is written.</summary>
    private const int Chunk = 10_000;

    /// <summary>
    /// The first step's size; each next step doubles it up to <see cref="Chunk"/>. The writer waits for the first step
    /// alone, so a small one lets it start after a few tens of milliseconds instead of the half second 10,000 cases
    /// take to build; the builder stays ahead after that, as it builds about twice as fast as the writer writes.
    /// </summary>
    private const int FirstChunk = 500;

    /// <summary>
    /// The bulk path (<see cref="CaseBulk"/>): persons and cases are generated in seed order, built (sealed, indexed,
    /// encoded) in parallel and written with prepared inserts or COPY, all in one transaction. Case numbers are taken
    /// from the locked yearly counters, so they continue exactly where registrations and imports left off.
    /// </summary>
    private async Task<int> SeedPersonsAsync(int count, int seed, List<Organisation> orgs, CancellationToken ct)
    {
        var generator = new DemoCaseGenerator(seed);
        var pathSeeds = new Random(unchecked(seed + 1));
        var holders = orgs.Where(o => o.Kind is OrganisationKind.Police or OrganisationKind.Shelter or OrganisationKind.NonGovernmentalOrganisation or OrganisationKind.Hotline or OrganisationKind.LabourInspectorate).ToList();
        var assisting = orgs.Where(o => o.Kind is OrganisationKind.Shelter or OrganisationKind.NonGovernmentalOrganisation).ToList();
        var now = db.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var tx = db.Database.CurrentTransaction!;
        // Lock every year's counter the generator can use (identification dates fall in the last five years).
        var next = new Dictionary<int, long>();
        for (var year = now.Year - 4; year <= now.Year; year++) next[year] = await CaseReferences.ReserveAsync(db, year, 0, ct);
        var generated = 0;

        NewCase[] BuildChunk(int size)
        {
            var specs = new List<(Organisation Org, PersonDetails Person, CaseFacts Facts, string Reference, int PathSeed)>(size + 1);
            while (specs.Count < size && generated < count)
            {
                var (details, facts) = generator.Next(now.Year - 4, now.Year, today);
                var org = holders[generator.Below(holders.Count)];
                Add(org, details, facts);
                // About one victim in ten is also recorded by a second agency, spelled a little differently.
                if (generator.Chance(0.1) && generated < count) Add(holders[(holders.IndexOf(org) + 1) % holders.Count], generator.Variant(details), facts);
            }

            return CaseBulk.Build(specs, crypto.Ring, (x, c) =>
            {
                var person = Person.Register(x.Org.Id, x.Person, c, index, now);
                person.SetEncoding(encoder.Encode(x.Person));
                var opened = Case.Open(x.Reference, x.Org.Id, person, x.Facts, null, c, now);
                var foreign = !x.Person.Citizenships.Contains(x.Facts.CountryOfDetection);
                var (consents, referral, services) = DemoPaths.Follow(new Random(x.PathSeed), opened, person, x.Org, assisting, foreign, today);
                return new NewCase(person, opened, Consents: consents, Referral: referral, Services: services);
            }, null, ct)!;

            void Add(Organisation org, PersonDetails details, CaseFacts facts)
            {
                var year = facts.IdentificationDate.Year;
                specs.Add((org, details, facts, CaseReferences.Format(year, next[year]++), pathSeeds.Next()));
                generated++;
            }
        }

        var kinds = orgs.ToDictionary(o => o.Id, o => o.Kind);
        var projection = new Palermo.Statistics.StatisticsProjection();
        IReadOnlyList<string> small;
        await using (var bulk = await BulkInserter.OpenAsync(db, ct))
        {
            small = await CaseBulk.PrepareAsync(bulk, count, CaseBulk.Tables, keysToOtherTables: true, ct);
            var size = FirstChunk;
            var building = Task.Run(() => BuildChunk(FirstChunk), ct);
            while (true)
            {
                var chunk = await building;
                if (chunk.Length == 0) break;
                var step = size = Math.Min(Chunk, size * 2);
                building = Task.Run(() => BuildChunk(step), ct);
                await CaseBulk.WriteAsync(bulk, chunk, id => kinds[id], projection, ct);
            }

            await bulk.BuildDeferredIndexesAsync(ct);
        }

        foreach (var counter in db.ChangeTracker.Entries<CaseReferenceCounter>()) counter.Entity.Next = next[counter.Entity.Year];
        if (count > 0)
        {
            foreach (var org in holders.Select(h => h.Id).Order()) await PersonEncodingStamp.BumpAsync(db, org, ct);
            // The bulk writer bypasses SaveChanges: every organisation that may have received referrals gets a new stamp.
            foreach (var org in await db.Organisations.Select(o => o.Id).OrderBy(o => o).ToListAsync(ct)) await ReferralAccessStamp.BumpAsync(db, org, ct);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await CaseBulk.AfterLoadAsync(db, count, small, ct);
        return count;
    }
}
