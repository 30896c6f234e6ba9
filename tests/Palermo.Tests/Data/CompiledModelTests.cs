using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Palermo.Data;

namespace Palermo.Tests.Data;

/// <summary>
/// The app starts on a model compiled ahead of time and no longer lets Migrate() compare the model with the
/// migrations at every start. These tests make both comparisons instead, so a model change without
/// `scripts/add-migration.sh` fails here rather than misbehaving at run time.
/// </summary>
public sealed class CompiledModelTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Compiled_model_matches_OnModelCreating(DatabaseProvider provider)
    {
        var compiled = PalermoServices.CompiledModel(provider);
        Assert.NotNull(compiled);
        using var db = Built(provider);
        Assert.Equal(Describe(db.Model), Describe(compiled));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Migrations_cover_the_model(DatabaseProvider provider)
    {
        using var db = Built(provider);
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes without a migration: run scripts/add-migration.sh.");
    }

    /// <summary>A context that builds its model from OnModelCreating, as EF does without a compiled model.</summary>
    private static PalermoDbContext Built(DatabaseProvider provider)
    {
        var o = new DbContextOptionsBuilder<PalermoDbContext>();
        if (provider == DatabaseProvider.Postgres) o.UseNpgsql("Host=localhost", n => n.MigrationsAssembly("Palermo.Migrations.Postgres"));
        else o.UseSqlite("Data Source=:memory:", s => s.MigrationsAssembly("Palermo.Migrations.Sqlite"));
        return new PalermoDbContext(o.Options, TimeProvider.System);
    }

    /// <summary>Everything a query or a save depends on: tables, columns, types, conversions, keys, indexes, relationships.</summary>
    private static string Describe(IModel model)
    {
        var lines = new List<string>();
        foreach (var e in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            lines.Add($"{e.Name} table={e.GetTableName()} schema={e.GetSchema()} base={e.BaseType?.Name}");
            var table = StoreObjectIdentifier.Create(e, StoreObjectType.Table);
            foreach (var p in e.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                lines.Add($"  {p.Name} {p.ClrType} column={(table is { } t ? p.GetColumnName(t) : null)} null={p.IsNullable} max={p.GetMaxLength()} "
                    + $"conv={p.GetValueConverter()?.ProviderClrType} token={p.IsConcurrencyToken} gen={p.ValueGenerated} shadow={p.IsShadowProperty()}");
            }

            foreach (var k in e.GetKeys()) lines.Add($"  key {string.Join(",", k.Properties.Select(p => p.Name))} primary={k.IsPrimaryKey()}");
            foreach (var i in e.GetIndexes()) lines.Add($"  index {string.Join(",", i.Properties.Select(p => p.Name))} unique={i.IsUnique}");
            foreach (var f in e.GetForeignKeys())
            {
                lines.Add($"  fk {string.Join(",", f.Properties.Select(p => p.Name))} -> {f.PrincipalEntityType.Name} delete={f.DeleteBehavior} required={f.IsRequired}");
            }

            foreach (var n in e.GetNavigations()) lines.Add($"  nav {n.Name} -> {n.TargetEntityType.Name}");
            foreach (var q in e.GetDeclaredQueryFilters()) lines.Add($"  filter {q.Key} {q.Expression}");
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }
}
