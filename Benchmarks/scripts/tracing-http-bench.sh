#!/usr/bin/env bash
# What tracing costs an HTTP service: bench-server's sync hello route without the tracing
# middleware, with it recording every request, and with it at 1% trace-id ratio sampling,
# under wrk on loopback, alternating in each round so that all modes see the same machine.
# A fourth mode, headers-only, adds just the three response headers the middleware adds,
# without tracing: the part of the cost that is the HTTP layer writing them.
# The server is pinned to core 0 and wrk to core 1, as in http-bench.sh. Besides req/s and
# p99 it reports the server's CPU time per request (measure_wrk in bench-server.sh).
#
#   bash Benchmarks/scripts/tracing-http-bench.sh [rounds=5] [seconds=10] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
SECONDS_PER_RUN=${2:-10}
CONNECTIONS=${3:-64}
PORT=18081
source scripts/bench-server.sh
install_wrk

MODES=(off on ratio:0.01 headers-only)
RESULTS="$OUT/tracing-results.txt"

: > "$RESULTS"
for round in $(seq "$ROUNDS"); do
  echo "round $round"
  # Rotate the order each round, so that no mode always runs first or last.
  for i in "${!MODES[@]}"; do
    mode=${MODES[$(( (i + round - 1) % ${#MODES[@]} ))]}
    start_server taskset -c 0 "$SERVER" --port $PORT --loops 1 --handler sync --tracing "$mode"
    measure_wrk "$mode"
    stop_server
  done
done

echo
echo "medians over $ROUNDS rounds (wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_RUN}s, sync /hello, 1 loop):"
python3 scripts/wrk_summary.py "$RESULTS" off
echo "  goal: throughput with tracing on >= 0.90 of off, with ratio:0.01 >= 0.97"
