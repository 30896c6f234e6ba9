using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Palermo.Data;
using Palermo.Testing;

namespace Palermo.Tests.Data;

/// <summary>
/// Found by hand: the first start of the web app on a new PostgreSQL database logged two
/// "fail: Microsoft.EntityFrameworkCore.Database.Command … Failed executing DbCommand … __EFMigrationsHistory" lines
/// (the history table read before it existed), which an operator takes for a broken install.
/// </summary>
public sealed class FirstMigrationLogTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MigratingANewDatabase_LogsNoErrorOrWarning_AndASecondStartFindsNothingPending(DatabaseProvider provider)
    {
        var dir = TestEnv.TempDir();
        var cs = provider == DatabaseProvider.Postgres
            ? await TestEnv.CreatePostgresDatabaseAsync()
            : $"Data Source={Path.Combine(dir, "palermo.db")};Pooling=False";
        var settings = new PalermoSettings(dir, provider, cs, Path.Combine(dir, "keys"), null, [], "http://localhost:5080");
        var logged = new ConcurrentQueue<string>();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new Capture(logged)));
        services.AddPalermo(settings).AddPalermoUseCases();
        await using var sp = services.BuildServiceProvider();

        await using (var scope = sp.CreateAsyncScope()) Assert.True(await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<PalermoDbContext>(), TestContext.Current.CancellationToken));
        await using (var scope = sp.CreateAsyncScope()) Assert.False(await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<PalermoDbContext>(), TestContext.Current.CancellationToken));

        Assert.Empty(logged);
    }

    private sealed class Capture(ConcurrentQueue<string> into) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, into);

        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> into) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) into.Enqueue($"{logLevel} {category}[{eventId.Id}]");
            }
        }
    }
}
