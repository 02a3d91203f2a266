#!/usr/bin/env bash
# HTTP benchmark: Spanscope's bench-server against a plain C evhttp server built from the
# same libevent, under wrk on loopback, alternating so that both see the same machine.
# Servers are pinned to core 0 and wrk to core 1 (2-loop runs use both cores for the server).
#
#   bash Benchmarks/scripts/http-bench.sh [rounds=3] [seconds=10] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
SECONDS_PER_RUN=${2:-10}
CONNECTIONS=${3:-64}
PORT=18080
source scripts/bench-server.sh
install_wrk
cc -O2 -o "$OUT/hello-evhttp" c/hello-evhttp.c $(pkg-config --cflags --libs libevent)

RESULTS="$OUT/results.txt"
: > "$RESULTS"
for round in $(seq "$ROUNDS"); do
  echo "round $round"
  start_server taskset -c 0 "$OUT/hello-evhttp" $PORT; measure_wrk c-evhttp; stop_server
  start_server taskset -c 0 "$SERVER" --port $PORT --loops 1 --handler sync; measure_wrk sync-1loop; stop_server
  start_server taskset -c 0 "$SERVER" --port $PORT --loops 1 --handler async; measure_wrk async-1loop; stop_server
  start_server taskset -c 0,1 "$SERVER" --port $PORT --loops 2 --handler sync; measure_wrk sync-2loops 0,1; stop_server
done

echo
echo "medians over $ROUNDS rounds (wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_RUN}s), ratios to C:"
python3 scripts/wrk_summary.py "$RESULTS" c-evhttp
echo "scaling 1 -> 2 loops (sync; server and wrk share the 2 cores in the 2-loop run):"
python3 scripts/wrk_summary.py "$RESULTS" sync-1loop sync-2loops
