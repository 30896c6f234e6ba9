using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Palermo.Data;

namespace Palermo.Migrations.Postgres;

/// <summary>Used only by `dotnet ef migrations add`; never at run time, so the connection is never opened.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PalermoDbContext>
{
    public PalermoDbContext CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<PalermoDbContext>()
            .UseNpgsql("Host=localhost;Database=palermo_design", n => n.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name));
        return new PalermoDbContext(o.Options, TimeProvider.System);
    }
}
