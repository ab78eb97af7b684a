#!/usr/bin/env bash
# The claim benchmark (issue 11) on both engines: one claim of 10 due deliveries with 1,000,000 finished
# ones in the table. Starts a throwaway PostgreSQL cluster for the postgres rows (default durability
# settings), runs bench/AudienceRelay.Benchmarks' ClaimBenchmarks, and removes everything at the end.
#
#   bench/scripts/claim.sh                              # BenchmarkDotNet's short job
#   bench/scripts/claim.sh --warmupCount 3 --iterationCount 15
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/audience-claim-bench.XXXXXX)
source "$ROOT/bench/scripts/postgres.sh"
cleanup() {
  if [[ -n "$PG_DATA" ]]; then "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PG_PORT=${PG_PORT:-55434}
start_postgres
export AUDIENCE_BENCH_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"

echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build -c Release "$ROOT/bench/AudienceRelay.Benchmarks/AudienceRelay.Benchmarks.csproj" -v quiet -nologo >&2
cd "$ROOT"
if [[ $# -eq 0 ]]; then set -- --job short; fi
# In process: no generated project to build (its build alone times out on a busy 2-core machine).
dotnet run -c Release --no-build --project "$ROOT/bench/AudienceRelay.Benchmarks" -- --filter '*ClaimBenchmarks*' --inProcess "$@"
