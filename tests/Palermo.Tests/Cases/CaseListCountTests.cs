using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Tests.Cases;

/// <summary>
/// The case list's capped counts ("more than 1,000 cases"). Found in the logs: each count took its first rows without
/// an order, and EF Core warned (10102, "row limiting operator without OrderBy") on every list page that counted.
/// </summary>
public sealed class CaseListCountTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CappedCounts_OwnAndReferredCases_OrderedAndNoRowLimitWarning(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        // Three cases of the NGO, two of them referred to the shelter, which has one of its own too.
        var cases = new List<RegisteredCase>();
        for (var i = 0; i < 3; i++) cases.Add(await w.RegisterAsync());
        await w.RegisterAsync(actor: w.ShelterWorker);
        var shelterReceiver = new Palermo.Accounts.Actor(Guid.NewGuid(), w.Shelter.Id, new HashSet<Palermo.Accounts.Role> { Palermo.Accounts.Role.CaseWorker }, "127.0.0.1");
        foreach (var c in cases.Take(2))
        {
            await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
            var r = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["shelter"], ["CaseDetails"], null, null, null), w.NgoWorker));
            await t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Accept", null, shelterReceiver));
        }

        using var seen = new Seen();
        // A full page (the count runs) of the NGO's own cases, and the shelter's filtered list (its own and the referred half).
        var ngo = await t.With(sp => seen.Watch(sp.Db(), () => sp.Get<ListCases>().HandleAsync(new CaseQuery { PageSize = 2 }, w.NgoWorker)));
        Assert.Equal(3, ngo.Total);
        var shelter = await t.With(sp => seen.Watch(sp.Db(), () => sp.Get<ListCases>().HandleAsync(new CaseQuery { PageSize = 2, Status = "Active" }, w.ShelterWorker)));
        Assert.Equal(3, shelter.Total);
        Assert.False(shelter.TotalIsLowerBound);

        Assert.DoesNotContain(CoreEventId.RowLimitingOperationWithoutOrderByWarning.Name, seen.Events);
        // Each capped count orders its rows (by the organisation, which the database drops as constant where fixed).
        var counts = seen.Commands.Where(sql => sql.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase) && sql.Contains("LIMIT", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(counts.Count >= 2, string.Join("\n---\n", seen.Commands));
        Assert.All(counts, sql => Assert.Contains("ORDER BY", sql, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>EF Core's own diagnostic events of the contexts watched (other tests' contexts are ignored).</summary>
    private sealed class Seen : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly IDisposable _all;
        private readonly ConcurrentDictionary<DbContext, bool> _watched = new();
        private readonly List<IDisposable> _subscriptions = [];

        public ConcurrentQueue<string> Events { get; } = new();
        public ConcurrentQueue<string> Commands { get; } = new();

        public Seen() => _all = DiagnosticListener.AllListeners.Subscribe(this);

        public async Task<T> Watch<T>(DbContext db, Func<Task<T>> work)
        {
            _watched[db] = true;
            try
            {
                return await work();
            }
            finally
            {
                _watched.TryRemove(db, out _);
            }
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
            }
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            // This warning's data name no context; no query of the case list may raise it in any context.
            if (e.Key == CoreEventId.RowLimitingOperationWithoutOrderByWarning.Name) Events.Enqueue(e.Key);
            var context = (e.Value as DbContextEventData)?.Context;
            if (context is null || !_watched.ContainsKey(context)) return;
            Events.Enqueue(e.Key);
            if (e.Value is CommandEventData { Command: { } command } && e.Key == RelationalEventId.CommandExecuting.Name) Commands.Enqueue(command.CommandText);
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions) _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
