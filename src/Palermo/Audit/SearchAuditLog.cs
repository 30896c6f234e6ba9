using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Audit;

/// <summary>
/// Audit entries for case searches (lookups and name searches), written in batches instead of one transaction per
/// search. A search shows case references only — no personal data — and writing its entry in the request would
/// make every search a writer: one locked, synced commit on the audit chain's head each, which took a lookup from
/// about 1 ms to 10 ms and let concurrent searchers through one at a time (docs/performance.md, "Search: one name,
/// referred cases, audit"; decisions/0007-search-audit-batched.md). Entries are queued in memory and a background
/// loop writes whatever has queued about once a second, up to <see cref="BatchSize"/> per transaction, through the
/// same hash chain as every other entry. Nothing typed is ever queued: the event says the kind of search and the
/// detail (purpose) the number of cases found, as "3 found".
/// The price: an entry's time is when its batch was written (at most about a second late), and entries still queued
/// when the process is killed are lost — a stopping web host writes them first (<see cref="FlushAsync"/>).
/// </summary>
public sealed class SearchAuditLog(IServiceScopeFactory scopes, ILogger<SearchAuditLog>? log = null) : IAsyncDisposable
{
    public const int BatchSize = 500;

    /// <summary>How many entries may wait; beyond that a search waits for the writer (back-pressure, never dropped).</summary>
    public const int Capacity = 20_000;

    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private readonly Channel<(AuditEvent Event, Actor Actor, int Found)> _queue =
        Channel.CreateBounded<(AuditEvent, Actor, int)>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false });

    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private List<(AuditEvent Event, Actor Actor, int Found)> _unwritten = [];
    private Task? _loop;

    /// <summary>Queues one search's entry: who, which kind of search, how many cases were found.</summary>
    public ValueTask RecordAsync(AuditEvent ev, Actor actor, int found, CancellationToken ct = default)
    {
        if (_loop is null)
        {
            lock (_queue)
            {
                _loop ??= Task.Run(LoopAsync);
            }
        }

        return _queue.Writer.WriteAsync((ev, actor, found), ct);
    }

    /// <summary>Writes everything queued so far; the number of entries written.</summary>
    public async Task<int> FlushAsync(CancellationToken ct = default)
    {
        await _writing.WaitAsync(ct);
        try
        {
            var written = 0;
            while (true)
            {
                // A batch that failed before is written first, so the chain keeps the order the searches were made in.
                var batch = _unwritten;
                _unwritten = [];
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var item)) batch.Add(item);
                if (batch.Count == 0) return written;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
                    foreach (var (ev, actor, found) in batch)
                    {
                        db.Audit(ev, actor, "Case", null, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{found} found"));
                    }

                    await db.SaveChangesAsync(ct);
                }
                catch
                {
                    _unwritten = batch;
                    throw;
                }

                written += batch.Count;
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _queue.Reader.WaitToReadAsync(_stop.Token);
                // Let a burst gather: one transaction for all the searches of about a second.
                await Task.Delay(FlushInterval, _stop.Token);
                await FlushAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                // The service provider is gone (the process or a test is ending).
                return;
            }
            catch (Exception ex)
            {
                // Kept in memory and tried again next round; the log says only that it failed.
                log?.LogError("Writing search audit entries failed with {ExceptionType}; they are kept and retried\n{Frames}", ex.GetType().FullName, ExceptionFrames.Of(ex));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is { } loop) await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _writing.Dispose();
    }
}
