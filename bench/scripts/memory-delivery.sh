#!/usr/bin/env bash
# Resident memory (RSS) of one server while it accepts and delivers one large batch to a webhook.
# Loopback only; everything (a throwaway data folder, a Python webhook sink) is removed at the end.
#
#   bench/scripts/memory.sh                      # defaults: one batch of 200,000 users
#   USERS=100000 BATCHES=10 bench/scripts/memory.sh
#
# Prints RSS when idle, the peak while accepting and delivering, right after every delivery has ended,
# and IDLE_SECONDS later. RSS is read from /proc/<pid>/status every 0.2 s.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
USERS=${USERS:-200000}
BATCHES=${BATCHES:-1}
IDLE_SECONDS=${IDLE_SECONDS:-30}
PORT=${PORT:-5291}
HOOK_PORT=${HOOK_PORT:-5292}
WORK=$(mktemp -d /tmp/audience-memory-bench.XXXXXX)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ "${NO_BUILD:-}" != 1 ]]; then
  echo "building the server (Release)..." >&2
  dotnet build -c Release "$ROOT/src/AudienceRelay.Server/AudienceRelay.Server.csproj" -v quiet -nologo >&2
fi
DLL="$ROOT/src/AudienceRelay.Server/bin/Release/net10.0/AudienceRelay.Server.dll"

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

cd "$WORK"
dotnet "$DLL" --urls "http://127.0.0.1:$PORT" --ConnectionStrings:Audience "Data Source=$WORK/audience.db" \
  --Store:PayloadKeyFile "$WORK/payload.key" --Providers:hook:Type webhook \
  --Providers:hook:Url "http://127.0.0.1:$HOOK_PORT/hook" --Providers:hook:Secret bench-secret-0123456789abcdef \
  --Logging:LogLevel:Default Warning >"$WORK/server.log" 2>&1 & SERVER=$!
PIDS+=($SERVER)
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done

rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$SERVER/status"; }
idle=$(rss)
(while kill -0 "$SERVER" 2>/dev/null; do rss; sleep 0.2; done) >"$WORK/rss.txt" 2>/dev/null & PIDS+=($!)

start=$(date +%s.%N)
for b in $(seq 0 $(( BATCHES - 1 ))); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/audience" -F name=Memory -F type=custom \
    -F "batch={\"sessionId\":1,\"sequence\":$(( b + 1 )),\"totalBatches\":$BATCHES,\"totalUsers\":$USERS}" \
    -F "users=@$WORK/users$b.json;type=application/json"
done
accepted=$(date +%s.%N)

# Delivered: every delivery of the session has ended (bounded to ten minutes).
for _ in $(seq 1 3000); do
  status=$(curl -fs "http://127.0.0.1:$PORT/audience/sessions/1" || true)
  open=$(printf '%s' "$status" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(sum(1 for b in s["batches"] for d in b["deliveries"] if d["state"] in ("pending","leased")) + (0 if len(s["batches"]) else 1))' 2>/dev/null || echo 1)
  [[ "$open" == 0 ]] && break
  sleep 0.2
done
delivered=$(date +%s.%N)
after=$(rss)
sleep "$IDLE_SECONDS"
later=$(rss)
peak=$(sort -n "$WORK/rss.txt" | tail -1)

printf 'users=%s batches=%s\n' "$USERS" "$BATCHES"
printf 'rss_idle_mib=%s\nrss_peak_mib=%s\nrss_after_delivery_mib=%s\nrss_after_%ss_idle_mib=%s\n' "$idle" "$peak" "$after" "$IDLE_SECONDS" "$later"
printf 'accept_seconds=%.1f\ndeliver_seconds=%.1f\n' "$(echo "$accepted - $start" | bc)" "$(echo "$delivered - $accepted" | bc)"
