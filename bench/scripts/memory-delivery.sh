#!/usr/bin/env bash
# Resident memory (RSS) of one server while it accepts and delivers one large batch (or several).
# Loopback only; everything (a throwaway data folder, a Python webhook sink) is removed at the end.
#
#   NO_BUILD=1 bench/scripts/memory-delivery.sh                 # one batch of 200,000 users to a webhook
#   USERS=100000 BATCHES=10 bench/scripts/memory-delivery.sh    # 100,000 users in 10 batches
#   SANDBOX=1 bench/scripts/memory-delivery.sh                  # src/AudienceRelay.Sandbox: the server and the
#                                                               # platform emulators in one process, one instance per platform
#
# Prints RSS when idle, the peak while accepting and while delivering, right after every delivery has
# ended, and IDLE_SECONDS later. RSS is read from /proc/<pid>/status every 0.2 s. With DIAG_DIR set, the
# GC's own figures (dotnet-counters and a dotnet-gcdump heap dump, when on PATH) and /proc/<pid>/smaps
# (idle and at the end) and the server's log are saved there; with DUMP_AT_MIB as well, dotnet-counters records the
# whole run (every second) and a heap dump is taken the first time RSS reaches that many MiB (its full collection
# lowers the peak of that run, so read the peak from a run without it).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
USERS=${USERS:-200000}
BATCHES=${BATCHES:-1}
IDLE_SECONDS=${IDLE_SECONDS:-30}
PORT=${PORT:-5291}
HOOK_PORT=${HOOK_PORT:-5292}
WAIT_SECONDS=${WAIT_SECONDS:-900}
WORK=$(mktemp -d /tmp/audience-memory-bench.XXXXXX)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n "${DIAG_DIR:-}" && -f "$WORK/server.log" ]]; then mkdir -p "$DIAG_DIR"; cp "$WORK/server.log" "$DIAG_DIR/server.log"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ "${SANDBOX:-}" == 1 ]]; then
  PROJECT="$ROOT/src/AudienceRelay.Sandbox/AudienceRelay.Sandbox.csproj"
  DLL="$ROOT/src/AudienceRelay.Sandbox/bin/Release/net10.0/AudienceRelay.Sandbox.dll"
else
  PROJECT="$ROOT/src/AudienceRelay.Server/AudienceRelay.Server.csproj"
  DLL="$ROOT/src/AudienceRelay.Server/bin/Release/net10.0/AudienceRelay.Server.dll"
fi
if [[ "${NO_BUILD:-}" != 1 ]]; then
  echo "building $(basename "$PROJECT" .csproj) (Release)..." >&2
  dotnet build -c Release "$PROJECT" -v quiet -nologo >&2
fi

# Made-up users on example.com: an email, a fictional phone, names and a postal code each.
per_batch=$(( USERS / BATCHES ))
python3 - "$WORK" "$per_batch" "$BATCHES" <<'PY'
import json, sys
work, n, batches = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for b in range(batches):
    with open(f"{work}/users{b}.json", "w") as f:
        json.dump([{"email": f"user{b}x{i}@example.com", "phone": f"+1650555{(i % 10000):04d}", "firstName": "Test",
                    "lastName": f"User{i}", "country": "US", "postalCode": "10001"} for i in range(n)], f)
PY

COMMON=(--urls "http://127.0.0.1:$PORT" --ConnectionStrings:Audience "Data Source=$WORK/audience.db"
  --Store:PayloadKeyFile "$WORK/payload.key" --Logging:LogLevel:Default Warning)
cd "$WORK"
if [[ "${SANDBOX:-}" == 1 ]]; then
  # No provider configured: the sandbox configures one instance per emulated platform, served in-process.
  dotnet "$DLL" "${COMMON[@]}" --Sandbox:EmulatorUrl "http://127.0.0.1:$HOOK_PORT" >"$WORK/server.log" 2>&1 & SERVER=$!
else
  # The webhook: answers 200 to every request after reading its body.
  cat > "$WORK/sink.py" <<'PY'
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
  python3 "$WORK/sink.py" "$HOOK_PORT" & PIDS+=($!)
  dotnet "$DLL" "${COMMON[@]}" --Providers:hook:Type webhook --Providers:hook:Url "http://127.0.0.1:$HOOK_PORT/hook" \
    --Providers:hook:Secret bench-secret-0123456789abcdef >"$WORK/server.log" 2>&1 & SERVER=$!
fi
PIDS+=($SERVER)
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done

rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$SERVER/status"; }
sleep 2
idle=$(rss)
if [[ -n "${DIAG_DIR:-}" ]]; then mkdir -p "$DIAG_DIR"; cp "/proc/$SERVER/smaps" "$DIAG_DIR/smaps-idle.txt"; fi
# One line per sample: the phase (from the marker file) and RSS in MiB.
echo accept >"$WORK/phase"
(while kill -0 "$SERVER" 2>/dev/null; do echo "$(cat "$WORK/phase") $(rss)"; sleep 0.2; done) >"$WORK/rss.txt" 2>/dev/null & PIDS+=($!)

if [[ -n "${DIAG_DIR:-}" && -n "${DUMP_AT_MIB:-}" ]]; then
  if command -v dotnet-counters >/dev/null; then
    dotnet-counters collect -p "$SERVER" --counters System.Runtime --refresh-interval 1 --format csv \
      -o "$DIAG_DIR/run-counters.csv" >/dev/null 2>&1 & PIDS+=($!)
  fi
  if command -v dotnet-gcdump >/dev/null; then
    (while kill -0 "$SERVER" 2>/dev/null; do
       if (( $(rss) >= DUMP_AT_MIB )); then
         echo "rss=$(rss) at $(date -u +%T)" >"$DIAG_DIR/peak-dump.txt"
         timeout 300 dotnet-gcdump collect -p "$SERVER" -o "$DIAG_DIR/peak.gcdump" >>"$DIAG_DIR/peak-dump.txt" 2>&1 || true
         break
       fi
       sleep 0.2
     done) & PIDS+=($!)
  fi
fi

start=$(date +%s.%N)
for b in $(seq 0 $(( BATCHES - 1 ))); do
  curl -fsS -o /dev/null --max-time 300 "http://127.0.0.1:$PORT/audience" -F name=Memory -F type=custom \
    -F "batch={\"sessionId\":1,\"sequence\":$(( b + 1 )),\"totalBatches\":$BATCHES,\"totalUsers\":$USERS}" \
    -F "users=@$WORK/users$b.json;type=application/json"
done
accepted=$(date +%s.%N)
echo deliver >"$WORK/phase"

# Delivered: every delivery of the session has ended (bounded to WAIT_SECONDS).
states=""
for _ in $(seq 1 $(( WAIT_SECONDS * 5 ))); do
  status=$(curl -fs "http://127.0.0.1:$PORT/audience/sessions/1" || true)
  states=$(printf '%s' "$status" | python3 -c '
import json, sys, collections
s = json.load(sys.stdin)
c = collections.Counter(d["state"] for b in s["batches"] for d in b["deliveries"])
print(" ".join(f"{k}={v}" for k, v in sorted(c.items())) if s["batches"] else "none")' 2>/dev/null || echo none)
  [[ "$states" != none && "$states" != *pending* && "$states" != *leased* ]] && break
  sleep 0.2
done
delivered=$(date +%s.%N)
echo idle >"$WORK/phase"
after=$(rss)
sleep "$IDLE_SECONDS"
later=$(rss)
peak() { awk -v p="$1" '$1 == p && $2 > m { m = $2 } END { print m + 0 }' "$WORK/rss.txt"; }

if [[ -n "${DIAG_DIR:-}" ]]; then
  mkdir -p "$DIAG_DIR"
  cp "/proc/$SERVER/smaps" "$DIAG_DIR/smaps-after.txt"
  cp "$WORK/rss.txt" "$DIAG_DIR/rss.txt"
  if command -v dotnet-counters >/dev/null; then
    timeout 30 dotnet-counters collect -p "$SERVER" --counters System.Runtime --duration 00:00:05 --format csv \
      -o "$DIAG_DIR/counters.csv" >/dev/null 2>&1 || true
  fi
  if command -v dotnet-gcdump >/dev/null; then
    # After the figures above: the dump's own full collection would change them.
    timeout 120 dotnet-gcdump collect -p "$SERVER" -o "$DIAG_DIR/after.gcdump" >/dev/null 2>&1 || true
  fi
fi

printf 'mode=%s users=%s batches=%s load_average=%s\n' "$([[ "${SANDBOX:-}" == 1 ]] && echo sandbox || echo webhook)" \
  "$USERS" "$BATCHES" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'deliveries: %s\n' "$states"
printf 'rss_idle_mib=%s\nrss_peak_accept_mib=%s\nrss_peak_deliver_mib=%s\nrss_after_delivery_mib=%s\nrss_after_%ss_idle_mib=%s\n' \
  "$idle" "$(peak accept)" "$(peak deliver)" "$after" "$IDLE_SECONDS" "$later"
printf 'accept_seconds=%.1f\ndeliver_seconds=%.1f\n' "$(echo "$accepted - $start" | bc)" "$(echo "$delivered - $accepted" | bc)"
