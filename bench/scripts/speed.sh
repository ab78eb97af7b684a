#!/usr/bin/env bash
# The normalization speed goal (issue 18), in one run: normalize + hash + Meta rows per user
# (bench/AudienceRelay.Benchmarks' NormalizationBenchmarks, one core) against the machine's SHA-256
# limit as `openssl speed -evp sha256` measures it on 16-byte inputs, at 6 hashes a user.
# Goal: users/s ≥ 1/3 of (OpenSSL SHA-256 hashes/s ÷ 6).
#
#   bench/scripts/speed.sh                                   # 3 warm-ups, 15 iterations
#   bench/scripts/speed.sh --warmupCount 1 --iterationCount 3   # quick look
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/audience-speed-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
if [[ $# -eq 0 ]]; then set -- --warmupCount 3 --iterationCount 15; fi

echo "building the benchmarks (Release)..." >&2
dotnet build -c Release "$ROOT/bench/AudienceRelay.Benchmarks/AudienceRelay.Benchmarks.csproj" -v quiet -nologo >&2
echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1); load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# openssl speed counts CPU time (not wall time): "Doing sha256 for 3s on 16 size blocks: 16380198 sha256's in 3.00s"
openssl speed -seconds 3 -bytes 16 -evp sha256 2> "$WORK/openssl.err" > "$WORK/openssl.out" || { cat "$WORK/openssl.err" >&2; exit 1; }
read -r count secs < <(sed -n 's/.*: \([0-9]*\) sha256.s in \([0-9.]*\)s.*/\1 \2/p' "$WORK/openssl.err" "$WORK/openssl.out" | head -1)
[[ -n "${count:-}" ]] || { echo "could not read openssl speed's output" >&2; cat "$WORK/openssl.err" "$WORK/openssl.out" >&2; exit 1; }

(cd "$ROOT" && dotnet run -c Release --no-build --project bench/AudienceRelay.Benchmarks -- \
  --filter '*NormalizationBenchmarks*' --exporters json --buildTimeout 900 --artifacts "$WORK/artifacts" "$@" > "$WORK/bdn.log") || { cat "$WORK/bdn.log" >&2; exit 1; }
report=$(ls "$WORK"/artifacts/results/*NormalizationBenchmarks*.json | head -1)
sed -n '/^|/p' "$WORK/bdn.log"
jq -e '[.Benchmarks[] | .Statistics.Mean // empty] | length > 0' "$report" >/dev/null \
  || { echo "BenchmarkDotNet produced no result; its log:" >&2; grep -v '^$' "$WORK"/artifacts/*.log | tail -40 >&2; exit 1; }
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

jq -r --argjson count "$count" --argjson secs "$secs" '
  ($count / $secs) as $sha | ($sha / 6) as $limit |
  "openssl speed -evp sha256, 16 bytes: \($count) in \($secs) s = \($sha | floor) hashes/s; limit at 6 hashes a user = \($limit | floor) users/s; goal (1/3) = \($limit / 3 | floor) users/s",
  (.Benchmarks[] | select(.Statistics.Mean != null) | (1e9 / .Statistics.Mean) as $users |
    "\(.Method): mean \(.Statistics.Mean | floor) ns/user (median \(.Statistics.Median | floor)) = \($users | floor) users/s = \(($users / $limit * 1000 | floor) / 1000) of the limit")
' "$report"
jq -e --argjson count "$count" --argjson secs "$secs" \
  '(.Benchmarks[] | select(.Method == "NormalizeHashAndBuildMetaRows") | 1e9 / .Statistics.Mean) >= ($count / $secs / 6 / 3)' "$report" >/dev/null \
  && echo "goal met" || { echo "goal NOT met" >&2; exit 1; }
