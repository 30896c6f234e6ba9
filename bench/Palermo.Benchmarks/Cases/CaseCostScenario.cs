using System.Diagnostics;
using Palermo.Cases;
using Palermo.Demo;
using Palermo.Privacy;

namespace Palermo.Benchmarks.Cases;

/// <summary>
/// <c>cases-cost [N=20000]</c>: CPU time per case of each in-memory step of the bulk path, one thread, no database:
/// generation, data key, sealing, blind indexes, linkage encoding. CPU time, because the machine is shared.
/// </summary>
public static class CaseCostScenario
{
    public static int Run(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        var ring = MasterKeyRing.FromBase64(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), []);
        var index = new BlindIndex(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var encoder = new NameEncoder(index);
        var now = new DateTime(2026, 11, 28, 0, 0, 0, DateTimeKind.Utc);
        var gen = new DemoCaseGenerator(1);
        var items = new List<(PersonDetails P, CaseFacts F)>();
        Step("generate", n, () => { for (var i = 0; i < n; i++) items.Add(gen.Next(2022, 2026, DateOnly.FromDateTime(now))); });
        using var crypto = new PersonCrypto(ring);
        var keys = new List<DataKey>();
        Step("data key", n, () => { for (var i = 0; i < n; i++) keys.Add(crypto.NewKey(now)); });
        Step("seal 1 field", n, () => { for (var i = 0; i < n; i++) crypto.Seal(keys[i], "givenName", items[i].P.GivenName); });
        Step("blind index 1", n, () => { for (var i = 0; i < n; i++) index.Compute("name", items[i].P.GivenName + " " + items[i].P.FamilyName); });
        Step("encode", n, () => { for (var i = 0; i < n; i++) encoder.Encode(items[i].P); });
        var persons = new List<Person>();
        Step("Person.Register", n, () => { for (var i = 0; i < n; i++) persons.Add(Person.Register(Guid.NewGuid(), items[i].P, crypto, index, now)); });
        Step("Case.Open", n, () => { for (var i = 0; i < n; i++) Case.Open("PAL-2026-000001", Guid.NewGuid(), persons[i], items[i].F, null, crypto, now); });
        return 0;
    }

    private static void Step(string name, int n, Action a)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        a();
        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine($"{name}: {used * 1e6 / n:F1} µs CPU per case");
    }
}
