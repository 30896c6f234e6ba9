using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Palermo.Audit;
using Palermo.Privacy;

namespace Palermo.Data;

public static class PalermoServices
{
    /// <summary>Registers the database, the key material and the domain services shared by the web app and the command.</summary>
    public static IServiceCollection AddPalermo(this IServiceCollection services, PalermoSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        var keyFiles = new KeyFiles(settings.KeysDir);
        services.AddSingleton(keyFiles);
        services.AddSingleton(_ => settings.MasterKey is { Length: > 0 }
            ? MasterKeyRing.FromBase64(settings.MasterKey, settings.RetiredMasterKeys)
            : MasterKeyRing.LoadOrCreate(keyFiles));
        services.AddSingleton(_ => BlindIndex.LoadOrCreate(keyFiles));
        services.AddSingleton(_ => AuditSigner.LoadOrCreate(keyFiles));
        services.AddScoped<PersonCrypto>();
        services.AddSingleton<Palermo.Cases.NameEncoder>();
        services.AddSingleton<Palermo.Audit.SearchAuditLog>();
        services.AddSingleton<Palermo.Accounts.AccountStampReader>();
        services.AddScoped<Palermo.Cases.PersonMatcher>();
        // Without a child command PDFs are cleaned in this process; the web app replaces the options (WebServices).
        services.TryAddSingleton(new Palermo.Cases.PdfCleanerOptions());
        services.AddSingleton<Palermo.Cases.PdfCleaner>();
        // The options are built once (singleton), not per scope: building them costs a directory check, a reflection
        // lookup of the compiled model and EF's options objects on every request (about a tenth of a page's CPU time).
        services.AddDbContext<PalermoDbContext>(o => Configure(o, settings), optionsLifetime: ServiceLifetime.Singleton);
        return services;
    }

    private const string SqliteAssembly = "Palermo.Migrations.Sqlite";
    private const string PostgresAssembly = "Palermo.Migrations.Postgres";

    /// <summary>
    /// The model compiled ahead of time (<c>dotnet ef dbcontext optimize</c>, one per provider, generated beside the
    /// migrations by scripts/add-migration.sh). Building the model from OnModelCreating costs about a second of CPU at
    /// every start; the compiled one is loaded in a few milliseconds. A test fails when it no longer matches
    /// OnModelCreating. Null when the migrations assembly is not deployed (then EF builds the model as usual).
    /// </summary>
    public static Microsoft.EntityFrameworkCore.Metadata.IModel? CompiledModel(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? PostgresModel.Value : SqliteModel.Value;

    private static readonly Lazy<Microsoft.EntityFrameworkCore.Metadata.IModel?> SqliteModel = new(() => LoadCompiledModel(DatabaseProvider.Sqlite));
    private static readonly Lazy<Microsoft.EntityFrameworkCore.Metadata.IModel?> PostgresModel = new(() => LoadCompiledModel(DatabaseProvider.Postgres));

    private static Microsoft.EntityFrameworkCore.Metadata.IModel? LoadCompiledModel(DatabaseProvider provider)
    {
        var assembly = provider == DatabaseProvider.Postgres ? PostgresAssembly : SqliteAssembly;
        var type = Type.GetType($"PalermoCompiledModels.{provider}.PalermoDbContextModel, {assembly}", throwOnError: false);
        return type?.GetProperty("Instance")?.GetValue(null) as Microsoft.EntityFrameworkCore.Metadata.IModel;
    }

    // One method per provider, never inlined: precompiled (ReadyToRun) code loads every assembly a method refers to
    // before it runs, so a shared method made each SQLite process load the PostgreSQL provider (about 1 MB of RSS).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void UsePostgres(DbContextOptionsBuilder o, PalermoSettings settings) =>
        o.UseNpgsql(settings.EffectiveConnectionString, n => n.MigrationsAssembly(PostgresAssembly));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void UseSqlite(DbContextOptionsBuilder o, PalermoSettings settings)
    {
        Directory.CreateDirectory(settings.DataDir);
        o.UseSqlite(settings.EffectiveConnectionString, s => s.MigrationsAssembly(SqliteAssembly));
        o.AddInterceptors(new SqlitePragmas(settings.BusyTimeoutSeconds));
    }

    public static void Configure(DbContextOptionsBuilder o, PalermoSettings settings)
    {
        if (settings.Provider == DatabaseProvider.Postgres) UsePostgres(o, settings);
        else UseSqlite(o, settings);

        if (CompiledModel(settings.Provider) is { } model) o.UseModel(model);

        // Migrate() would otherwise build the whole model from OnModelCreating at every start only to compare it with
        // the migrations' snapshot; tests/Palermo.Tests ModelTests make that comparison (and the compiled-model one) instead.
        o.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning));
    }
}

public static class UseCaseRegistration
{
    /// <summary>
    /// Every use case (a class with a HandleAsync method, one per file) is a scoped service, so the web page, the API
    /// endpoint and the command all call the same handler.
    /// </summary>
    public static IServiceCollection AddPalermoUseCases(this IServiceCollection services)
    {
        var useCases = typeof(PalermoDbContext).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && t.GetMethod("HandleAsync") is not null);
        foreach (var t in useCases) services.AddScoped(t);
        return services;
    }
}
