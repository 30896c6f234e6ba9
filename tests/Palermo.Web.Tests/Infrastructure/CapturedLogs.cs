using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Palermo.Web.Tests.Infrastructure;

/// <summary>Keeps every log line the app writes, so tests can prove no personal data reaches the logs.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        // A scope's values (request path, trace id, whatever a component adds) are written with every line inside it by
        // real providers, so they are kept as a line of their own here.
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"Scope {category}: {state}{(state is IEnumerable<KeyValuePair<string, object?>> kv ? " " + string.Join(", ", kv.Select(p => $"{p.Key}={p.Value}")) : "")}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
