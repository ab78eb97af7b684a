#!/usr/bin/env bash
# The primary ledger's commit on both engines: a primary session commits after its read of who left
# returned N keys (default 100,000), in a fresh audience each round; prints each commit's time and the
# median. Starts a throwaway PostgreSQL cluster for the postgres rows and removes everything at the end.
#
#   bench/scripts/ledger.sh                 # 100,000 removed keys, 5 rounds, both engines
#   bench/scripts/ledger.sh 20000 3 sqlite  # removed keys, rounds, engines (sqlite, postgres or both)
set -euo pipefail

REMOVED=${1:-100000}
ROUNDS=${2:-5}
ENGINES=${3:-both}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/audience-ledger-bench.XXXXXX)
source "$ROOT/bench/scripts/postgres.sh"
cleanup() {
  if [[ -n "$PG_DATA" ]]; then "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build -c Release "$ROOT/bench/AudienceRelay.Benchmarks/AudienceRelay.Benchmarks.csproj" -v quiet -nologo >&2
run() { dotnet run -c Release --no-build --project "$ROOT/bench/AudienceRelay.Benchmarks" -- --ledger "$1" "$REMOVED" "$ROUNDS"; }

if [[ $ENGINES == sqlite || $ENGINES == both ]]; then run sqlite; fi
if [[ $ENGINES == postgres || $ENGINES == both ]]; then
  PG_PORT=${PG_PORT:-55435}
  start_postgres
  export AUDIENCE_BENCH_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  run postgres
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
