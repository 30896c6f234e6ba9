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
        services.AddScoped<Palermo.Cases.PersonMatcher>();
        services.AddDbContext<PalermoDbContext>(o => Configure(o, settings));
        return services;
    }

    public static void Configure(DbContextOptionsBuilder o, PalermoSettings settings)
    {
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            o.UseNpgsql(settings.ConnectionString, n => n.MigrationsAssembly("Palermo.Migrations.Postgres"));
        }
        else
        {
            Directory.CreateDirectory(settings.DataDir);
            o.UseSqlite(settings.ConnectionString, s => s.MigrationsAssembly("Palermo.Migrations.Sqlite"));
            o.AddInterceptors(new SqlitePragmas());
        }
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
