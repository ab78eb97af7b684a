#!/usr/bin/env bash
# Builds everything warning-free and runs every test project. The README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build AudienceRelay.slnx -c Release -warnaserror -nologo -v q
dotnet test AudienceRelay.slnx -c Release --no-build -nologo -v q
# The soak with faults, bounded (bench/scripts/soak.sh), when AUDIENCE_SOAK_SECONDS is set (CI sets it).
if [[ -n "${AUDIENCE_SOAK_SECONDS:-}" ]]; then
  ./bench/scripts/soak.sh
fi
