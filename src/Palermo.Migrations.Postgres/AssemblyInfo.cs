namespace Palermo.Migrations.Postgres;
