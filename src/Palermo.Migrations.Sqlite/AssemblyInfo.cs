namespace Palermo.Migrations.Sqlite;
