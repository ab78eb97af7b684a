#!/usr/bin/env bash
# The soak with faults, bounded for CI: builds the driver and the server in Release, then runs SECONDS of paced
# uploads on two nodes of a throwaway PostgreSQL, every sandbox platform (and a webhook sink) faulting 30 % of calls,
# a node SIGKILLed every KILL_EVERY seconds; then two drains of at most DRAIN seconds each (faults off).
# It fails on loss only: a user whose delivery succeeded missing at a platform, a duplicated audience, a primary
# audience not holding exactly its newest list, a failed or dead delivery, a throttle that used up an attempt.
# Deliveries still open when the drain time runs out (a slow machine, Meta's five-minute "audience busy" waits)
# are reported, not failed (--allow-open). docs/reliability.md has the full run and its figures.
#
#   bench/scripts/soak.sh                      # 60 s of uploads, at most ~3 minutes in all
#   AUDIENCE_SOAK_SECONDS=90 bench/scripts/soak.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECONDS_OF_UPLOADS=${AUDIENCE_SOAK_SECONDS:-60}
KILL_EVERY=${AUDIENCE_SOAK_KILL_EVERY:-20}
DRAIN=${AUDIENCE_SOAK_DRAIN_SECONDS:-45}

dotnet build "$ROOT/bench/AudienceRelay.Soak" -c Release -nologo -v q
# A hard bound besides the driver's own: uploads, two drains, and two minutes for starting and stopping.
timeout --kill-after=10 $((SECONDS_OF_UPLOADS + 2 * DRAIN + 120)) \
  dotnet "$ROOT/bench/AudienceRelay.Soak/bin/Release/net10.0/AudienceRelay.Soak.dll" \
    --seconds "$SECONDS_OF_UPLOADS" --kill-every "$KILL_EVERY" --fault-rate 0.3 --nodes 2 \
    --uploads-per-second 2 --max-open-deliveries 20 --drain-seconds "$DRAIN" --allow-open
