using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Palermo.Data;

namespace Palermo.Migrations.Sqlite;

/// <summary>Used only by `dotnet ef migrations add`; never at run time.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PalermoDbContext>
{
    public PalermoDbContext CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<PalermoDbContext>()
            .UseSqlite("Data Source=design.db", s => s.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name));
        return new PalermoDbContext(o.Options, TimeProvider.System);
    }
}
