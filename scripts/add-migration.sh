#!/usr/bin/env bash
# Adds a migration NAME for both providers (run from the repository root): scripts/add-migration.sh NAME
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NAME}
dotnet tool restore >/dev/null
for p in Sqlite Postgres; do
  # A stale compiled model may no longer compile against a changed model: drop it first, regenerate it after.
  rm -rf "src/Palermo.Migrations.$p/CompiledModel"
  dotnet ef migrations add "$name" --project "src/Palermo.Migrations.$p" --startup-project "src/Palermo.Migrations.$p" --output-dir Migrations
  # The compiled model the app starts on (docs/performance.md); tests/Palermo.Tests CompiledModelTests fail when it is stale.
  dotnet ef dbcontext optimize --project "src/Palermo.Migrations.$p" --startup-project "src/Palermo.Migrations.$p" \
    --output-dir CompiledModel --namespace "PalermoCompiledModels.$p"
done
