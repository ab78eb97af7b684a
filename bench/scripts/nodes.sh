#!/usr/bin/env bash
# Accepted users per second with one node and with two nodes on one PostgreSQL database.
# Nodes run with Delivery:Enabled=false, so only accepting is measured (parse, normalize, encrypt,
# store the batch and its deliveries). Clients post BATCHES batches of USERS users, CLIENTS at a time,
# spread round-robin over the nodes; each batch is a session of its own.
#
#   bench/scripts/nodes.sh                       # defaults: 1 and 2 nodes, 40 batches of 10,000 users, 4 clients
#   NODES="1 2" BATCHES=80 USERS=10000 CLIENTS=4 bench/scripts/nodes.sh
#
# PostgreSQL: a throwaway cluster from the installed server binaries (initdb/pg_ctl under
# /usr/lib/postgresql/<version>/bin; run as the postgres or nobody user under root) on PG_PORT, with
# PostgreSQL's default durability settings (fsync on), removed at the end with everything else.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NODES=${NODES:-"1 2"}
BATCHES=${BATCHES:-40}
USERS=${USERS:-10000}
CLIENTS=${CLIENTS:-4}
BASE_PORT=${BASE_PORT:-5281}
WORK=$(mktemp -d /tmp/audience-nodes-bench.XXXXXX)
PIDS=()
PG_DATA=""
PG_BIN=""
RUN_AS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n "$PG_DATA" ]]; then "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "building the server (Release)..." >&2
dotnet build -c Release "$ROOT/src/AudienceRelay.Server/AudienceRelay.Server.csproj" -v quiet -nologo >&2
DLL="$ROOT/src/AudienceRelay.Server/bin/Release/net10.0/AudienceRelay.Server.dll"

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$PG_BIN/initdb" ]] || { echo "no PostgreSQL server binaries found; install postgresql (apt-get install postgresql)" >&2; exit 1; }
if [[ $(id -u) == 0 ]]; then
  user=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
  RUN_AS=(runuser -u "$user" --)
  chown "$user" "$WORK"
fi
PG_PORT=${PG_PORT:-55433}
PG_DATA="$WORK/pg"
"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/postgres.log" -w \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
sql() { "$PG_BIN/psql" "postgresql://postgres@127.0.0.1:$PG_PORT/$1" -qAtc "$2"; }

# The batch body: USERS made-up users on example.com, written once and posted for every session.
awk -v n="$USERS" 'BEGIN {
  printf "[";
  for (i = 1; i <= n; i++) {
    printf "%s{\"email\":\"User.%d@Example.com\",\"phone\":\"+1 650 555 01%02d\",\"firstName\":\"Ana\",\"lastName\":\"Lopez\",\"country\":\"US\",\"postalCode\":\"94%03d\"}", (i > 1 ? "," : ""), i, i % 100, i % 1000;
  }
  printf "]";
}' > "$WORK/users.json"
KEY=$(head -c 32 /dev/urandom | base64)

post_one() { # session port
  curl -sS -o /dev/null -w '%{http_code}\n' -X POST "http://127.0.0.1:$2/audience" \
    -F name=Bench -F type=custom \
    -F "batch={\"sessionId\":$1,\"sequence\":1,\"totalBatches\":1,\"totalUsers\":$USERS}" \
    -F "users=@$WORK/users.json;type=application/json"
}
export -f post_one
export WORK USERS

echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "batches=$BATCHES users/batch=$USERS clients=$CLIENTS"
for n in $NODES; do
  db="bench_${n}_$RANDOM"
  sql postgres "CREATE DATABASE $db"
  conn="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db"
  ports=()
  for ((k = 0; k < n; k++)); do
    port=$((BASE_PORT + k))
    mkdir -p "$WORK/node$n-$k"
    (cd "$WORK/node$n-$k" && exec dotnet "$DLL" --urls "http://127.0.0.1:$port" --Store:Engine postgres \
      --ConnectionStrings:Audience "$conn" --Store:PayloadKey "$KEY" --Delivery:Enabled false \
      --Providers:hook:Type webhook --Providers:hook:Url http://127.0.0.1:9/hook --Providers:hook:Secret bench-secret-0123456789 \
      --Logging:LogLevel:Default Warning > "$WORK/node$n-$k.log" 2>&1) &
    PIDS+=($!)
    ports+=("$port")
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 300); do
      curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break
      for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "a node exited:" >&2; cat "$WORK"/node*.log >&2; exit 1; }; done
      sleep 0.2
    done
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "node on $port did not start:" >&2; cat "$WORK"/node*.log >&2; exit 1; }
    for w in 1 2 3 4 5; do post_one $((900000 + port * 10 + w)) "$port" >/dev/null; done   # warm-up (JIT, pools); not counted
  done

  start=$(date +%s.%N)
  codes=$(for ((i = 1; i <= BATCHES; i++)); do echo "$i ${ports[$((i % n))]}"; done \
    | xargs -P "$CLIENTS" -n 2 bash -c 'post_one "$0" "$1"')
  end=$(date +%s.%N)
  ok=$(grep -c '^200$' <<< "$codes" || true)
  stored=$(sql "$db" "SELECT coalesce(sum(user_count), 0) FROM batches WHERE session_id < 900000")
  awk -v n="$n" -v ok="$ok" -v b="$BATCHES" -v u="$USERS" -v s="$start" -v e="$end" -v stored="$stored" 'BEGIN {
    t = e - s; printf "nodes=%d  batches ok=%d/%d  users stored=%d  seconds=%.2f  users/s=%.0f  batches/s=%.2f\n", n, ok, b, stored, t, ok * u / t, ok / t }'

  for ((k = 0; k < n; k++)); do kill "${PIDS[-1]}" 2>/dev/null || true; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'; done
done
