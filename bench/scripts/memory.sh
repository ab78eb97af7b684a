#!/usr/bin/env bash
# Resident memory (RSS) of one server process at ingress: idle, after 100,000 users accepted in 10
# batches (stored, not yet delivered: Delivery:Enabled=false), and the peak while one 200,000-user
# batch is accepted. Loopback only, one server, bounded (each upload times out after 120 s); the
# server and its temporary folder are removed at the end.
#
#   bench/scripts/memory.sh                  # defaults below
#   PORT=5391 BATCH_USERS=10000 BATCHES=10 BIG_USERS=200000 bench/scripts/memory.sh
#
# RSS is read from /proc/<pid>/status (VmRSS); the peak is VmHWM, reset before the big batch by
# writing 5 to /proc/<pid>/clear_refs. Extra server settings can be passed as arguments, e.g.
#   bench/scripts/memory.sh --Ingress:MaxConcurrentUploads 2
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${PORT:-5391}
BATCH_USERS=${BATCH_USERS:-10000}
BATCHES=${BATCHES:-10}
BIG_USERS=${BIG_USERS:-200000}
WORK=$(mktemp -d /tmp/audience-memory-bench.XXXXXX)
PID=""

cleanup() {
  if [[ -n "$PID" ]]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "building the server (Release)..." >&2
dotnet build -c Release "$ROOT/src/AudienceRelay.Server/AudienceRelay.Server.csproj" -v quiet -nologo >&2
DLL="$ROOT/src/AudienceRelay.Server/bin/Release/net10.0/AudienceRelay.Server.dll"

# Made-up users on example.com (about 170 bytes of JSON each), like bench/scripts/nodes.sh.
users() {
  awk -v n="$1" -v offset="$2" 'BEGIN {
    printf "[";
    for (i = 1; i <= n; i++) {
      k = i + offset;
      printf "%s{\"email\":\"User.%d@Example.com\",\"phone\":\"+1 650 555 01%02d\",\"firstName\":\"Ana\",\"lastName\":\"Lopez\",\"country\":\"US\",\"postalCode\":\"94%03d\"}", (i > 1 ? "," : ""), k, k % 100, k % 1000;
    }
    printf "]";
  }'
}

rss() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$PID/status"; }
hwm() { awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$PID/status"; }

post() { # session sequence totalBatches totalUsers file
  local code
  code=$(curl -sS --max-time 120 -o "$WORK/answer.json" -w '%{http_code}' \
    -F name=MemoryBench -F type=custom \
    -F "batch={\"sessionId\":$1,\"sequence\":$2,\"totalBatches\":$3,\"totalUsers\":$4}" \
    -F "users=@$5;type=application/json" "http://127.0.0.1:$PORT/audience")
  [[ "$code" == 200 ]] || { echo "upload answered $code: $(cat "$WORK/answer.json")" >&2; exit 1; }
}

dotnet "$DLL" --urls "http://127.0.0.1:$PORT" \
  --ConnectionStrings:Audience "Data Source=$WORK/audience.db" --Store:PayloadKeyFile "$WORK/payload.key" \
  --Providers:hook:Type webhook --Providers:hook:Url http://127.0.0.1:9/unused --Providers:hook:Secret memory-bench-secret-0123 \
  --Delivery:Enabled false --Logging:LogLevel:Default Warning "$@" > "$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null

echo "generating users..." >&2
for b in $(seq 1 "$BATCHES"); do users "$BATCH_USERS" $(( (b - 1) * BATCH_USERS )) > "$WORK/batch$b.json"; done
users "$BIG_USERS" 0 > "$WORK/big.json"

echo "idle: RSS $(rss) MiB"
for b in $(seq 1 "$BATCHES"); do post 1 "$b" "$BATCHES" $(( BATCHES * BATCH_USERS )) "$WORK/batch$b.json"; done
echo "after $(( BATCHES * BATCH_USERS )) users in $BATCHES batches (stored, not delivered): RSS $(rss) MiB, peak so far $(hwm) MiB"

echo 5 > "/proc/$PID/clear_refs"
post 2 1 1 "$BIG_USERS" "$WORK/big.json"
echo "one $BIG_USERS-user batch ($(( $(stat -c %s "$WORK/big.json") / 1024 / 1024 )) MiB of JSON): peak RSS $(hwm) MiB, RSS after $(rss) MiB"
