using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Palermo.Data;
using Palermo.Testing;

namespace Palermo.Tests;

/// <summary>A real, empty, migrated database of either provider, with its own key folder, for one test.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestDatabase(PalermoSettings settings, ServiceProvider services, FakeTimeProvider time)
    {
        Settings = settings;
        _services = services;
        Time = time;
    }

    public PalermoSettings Settings { get; }
    public FakeTimeProvider Time { get; }
    public IServiceProvider Services => _services;

    public static TheoryData<DatabaseProvider> Providers => new(DatabaseProvider.Sqlite, DatabaseProvider.Postgres);

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var dir = TestEnv.TempDir();
        var cs = provider == DatabaseProvider.Postgres
            ? await TestEnv.CreatePostgresDatabaseAsync()
            : $"Data Source={Path.Combine(dir, "palermo.db")};Pooling=False";
        var settings = new PalermoSettings(dir, provider, cs, Path.Combine(dir, "keys"), null, [], "http://localhost:5080");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddPalermo(settings).AddPalermoUseCases();
        var sp = services.BuildServiceProvider();
        var db = new TestDatabase(settings, sp, time);
        await using var scope = db.Scope();
        await DatabaseMigrator.MigrateAsync(scope.Db());
        return db;
    }

    public AsyncServiceScope Scope() => _services.CreateAsyncScope();

    /// <summary>Runs work in a fresh unit of work, as a separate request would.</summary>
    public async Task<T> With<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider);
    }

    public async Task With(Func<IServiceProvider, Task> work)
    {
        await using var scope = Scope();
        await work(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (Settings.Provider == DatabaseProvider.Postgres) await TestEnv.DropPostgresDatabaseAsync(Settings.ConnectionString);
        try { Directory.Delete(Settings.DataDir, recursive: true); } catch (IOException) { }
    }
}

public static class ScopeExtensions
{
    public static PalermoDbContext Db(this AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<PalermoDbContext>();

    public static PalermoDbContext Db(this IServiceProvider sp) => sp.GetRequiredService<PalermoDbContext>();

    public static T Get<T>(this IServiceProvider sp) where T : notnull => sp.GetRequiredService<T>();
}
