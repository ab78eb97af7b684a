#!/usr/bin/env bash
# Sustained load (issue 18): accepted users per second and answer times of POST /audience for
# USERS-user async batches (the default mode: 200 once the batch is stored), posted by CLIENTS
# concurrent curl clients for DURATION seconds, on SQLite and on PostgreSQL, with the server's memory.
# One node, loopback only, Delivery:Enabled=false (only accepting is measured: parse, normalize,
# encrypt, store the batch and its delivery), one webhook instance configured. Each batch is a session
# of its own. Bounded: every curl has --max-time, start-up waits are bounded, and the clients stop
# posting at the deadline; everything (server, PostgreSQL cluster, files) is removed at the end.
#
#   bench/scripts/load.sh                                  # defaults: sqlite and postgres, 10,000 users, 4 clients, 20 s
#   ENGINES=sqlite DURATION=60 CLIENTS=8 bench/scripts/load.sh
#   ENGINES=postgres USERS=100 DURATION=3 CLIENTS=2 bench/scripts/load.sh     # smoke test
#
# Prints one summary line per engine:
#   engine=E batches ok=N/M users stored=S seconds=T users/s=R p50=A ms p99=B ms max=C ms
#   server: cpu=X% of one core, peak RSS (VmHWM)=P MiB, RSS after=Q MiB
# Exits non-zero when an answer is not 200 or the store does not hold every accepted user.
# PostgreSQL: a throwaway cluster from the installed server binaries (as bench/scripts/nodes.sh), with
# PostgreSQL's default durability settings (fsync on). SQLite: the server's defaults, in a temporary folder.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ENGINES=${ENGINES:-"sqlite postgres"}
USERS=${USERS:-10000}
CLIENTS=${CLIENTS:-4}
DURATION=${DURATION:-20}
MAX_TIME=${MAX_TIME:-60}     # seconds: curl's limit for one upload
PORT=${PORT:-5291}
WORK=$(mktemp -d /tmp/audience-load-bench.XXXXXX)
SERVER_PID=""
source "$ROOT/bench/scripts/postgres.sh"

cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ -n "$PG_DATA" ]]; then "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "building the server (Release)..." >&2
dotnet build -c Release "$ROOT/src/AudienceRelay.Server/AudienceRelay.Server.csproj" -v quiet -nologo >&2
DLL="$ROOT/src/AudienceRelay.Server/bin/Release/net10.0/AudienceRelay.Server.dll"

pg_sql() { "$PG_BIN/psql" "postgresql://postgres@127.0.0.1:$PG_PORT/$1" -qAtc "$2"; }

# The batch body: USERS made-up users on example.com, written once and posted for every session.
awk -v n="$USERS" 'BEGIN {
  printf "[";
  for (i = 1; i <= n; i++) {
    printf "%s{\"email\":\"User.%d@Example.com\",\"phone\":\"+1 650 555 01%02d\",\"firstName\":\"Ana\",\"lastName\":\"Lopez\",\"country\":\"US\",\"postalCode\":\"94%03d\"}", (i > 1 ? "," : ""), i, i % 100, i % 1000;
  }
  printf "]";
}' > "$WORK/users.json"
KEY=$(head -c 32 /dev/urandom | base64)

# One upload; prints "<http code> <seconds>".
post_one() { # session
  curl -sS -o /dev/null --max-time "$MAX_TIME" -w '%{http_code} %{time_total}\n' -X POST "http://127.0.0.1:$PORT/audience" \
    -F name=Bench -F type=custom \
    -F "batch={\"sessionId\":$1,\"sequence\":1,\"totalBatches\":1,\"totalUsers\":$USERS}" \
    -F "users=@$WORK/users.json;type=application/json" || echo "000 $MAX_TIME"
}

# One client: sessions first, first+CLIENTS, ... until the deadline (microseconds since the epoch).
client() { # first deadline out
  local session=$1
  while (( ${EPOCHREALTIME/./} < $2 )); do
    post_one "$session" >> "$3"
    session=$((session + CLIENTS))
  done
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "users/batch=$USERS clients=$CLIENTS duration=${DURATION}s"
failed=0
for engine in $ENGINES; do
  case $engine in
    sqlite)
      mkdir -p "$WORK/sqlite"
      conn="Data Source=$WORK/sqlite/audience.db"
      stored_users() { sqlite3 "$WORK/sqlite/audience.db" "SELECT coalesce(sum(user_count), 0) FROM batches WHERE session_id < 900000000"; } ;;
    postgres)
      [[ -n "$PG_DATA" ]] || { PG_PORT=${PG_PORT:-55435}; start_postgres; }
      db="load_$RANDOM"
      pg_sql postgres "CREATE DATABASE $db"
      conn="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db"
      stored_users() { pg_sql "$db" "SELECT coalesce(sum(user_count), 0) FROM batches WHERE session_id < 900000000"; } ;;
    *) echo "unknown engine '$engine' (sqlite or postgres)" >&2; exit 2 ;;
  esac

  mkdir -p "$WORK/$engine-node"
  (cd "$WORK/$engine-node" && exec dotnet "$DLL" --urls "http://127.0.0.1:$PORT" --Store:Engine "$engine" \
    --ConnectionStrings:Audience "$conn" --Store:PayloadKey "$KEY" --Delivery:Enabled false \
    --Ingress:MaxConcurrentUploads "$(( CLIENTS > 4 ? CLIENTS : 4 ))" \
    --Providers:hook:Type webhook --Providers:hook:Url http://127.0.0.1:9/hook --Providers:hook:Secret bench-secret-0123456789 \
    --Logging:LogLevel:Default Warning > "$WORK/$engine.log" 2>&1) &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    curl -fs --max-time 2 "http://127.0.0.1:$PORT/health/ready" >/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited:" >&2; cat "$WORK/$engine.log" >&2; exit 1; }
    sleep 0.2
  done
  curl -fs --max-time 2 "http://127.0.0.1:$PORT/health/ready" >/dev/null || { echo "the server did not start:" >&2; cat "$WORK/$engine.log" >&2; exit 1; }
  for w in $(seq 1 10); do post_one $((900000000 + w)) >/dev/null; done   # warm-up (JIT, pools); not counted

  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  ticks_before=$(cpu_ticks "$SERVER_PID")
  : > "$WORK/$engine.times"
  start=${EPOCHREALTIME/./}
  deadline=$((start + DURATION * 1000000))
  clients=()
  for ((c = 1; c <= CLIENTS; c++)); do
    client "$c" "$deadline" "$WORK/$engine.times.$c" &
    clients+=($!)
  done
  wait "${clients[@]}"
  end=${EPOCHREALTIME/./}
  ticks_after=$(cpu_ticks "$SERVER_PID")
  cat "$WORK/$engine.times".* > "$WORK/$engine.times"
  hwm=$(status_kib "$SERVER_PID" VmHWM)
  rss=$(status_kib "$SERVER_PID" VmRSS)
  stored=$(stored_users)
  total=$(wc -l < "$WORK/$engine.times")
  ok=$(awk '$1 == 200' "$WORK/$engine.times" | wc -l)

  awk '{ print $2 }' "$WORK/$engine.times" | sort -n | awk -v engine="$engine" -v ok="$ok" -v total="$total" -v u="$USERS" \
      -v s="$start" -v e="$end" -v stored="$stored" -v load="$load_before" -v ticks=$((ticks_after - ticks_before)) \
      -v hz="$(getconf CLK_TCK)" -v hwm="$hwm" -v rss="$rss" '
    { t[NR] = $1 }
    END {
      secs = (e - s) / 1e6;
      p50 = t[int(0.50 * NR + 0.999999)]; p99 = t[int(0.99 * NR + 0.999999)];
      printf "engine=%s batches ok=%d/%d users stored=%d seconds=%.2f users/s=%.0f p50=%.0f ms p99=%.0f ms max=%.0f ms (load before: %s)\n",
        engine, ok, total, stored, secs, ok * u / secs, p50 * 1000, p99 * 1000, t[NR] * 1000, load;
      printf "  server: cpu=%.0f%% of one core, peak RSS (VmHWM)=%.0f MiB, RSS after=%.0f MiB\n",
        100 * ticks / hz / secs, hwm / 1024, rss / 1024;
    }'
  if [[ $ok -ne $total || $stored -ne $((ok * USERS)) ]]; then
    echo "FAILED on $engine: $((total - ok)) answers were not 200, or stored users ($stored) != accepted ($((ok * USERS)))" >&2
    awk '$1 != 200 { print $1 }' "$WORK/$engine.times" | sort | uniq -c >&2
    failed=1
  fi

  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
done
exit $failed
