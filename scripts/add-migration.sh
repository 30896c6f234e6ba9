#!/usr/bin/env bash
# Adds a migration NAME for both providers (run from the repository root): scripts/add-migration.sh NAME
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NAME}
dotnet tool restore >/dev/null
for p in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project "src/Palermo.Migrations.$p" --startup-project "src/Palermo.Migrations.$p" --output-dir Migrations
done
