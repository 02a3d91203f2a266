#!/usr/bin/env bash
# Memory of bench-server after 200,000 requests, twice, with a share of clients that
# disconnect before their answer: the resident size must stay flat between the runs.
#
#   bash Benchmarks/scripts/memory-bench.sh [sync|async]
set -euo pipefail
cd "$(dirname "$0")/.."
HANDLER=${1:-async}
PORT=18090
source scripts/bench-server.sh
trap stop_server EXIT
start_server "$SERVER" --port $PORT --loops 2 --handler "$HANDLER"
rss() { awk '/VmRSS/ {print $2}' /proc/$PID/status; }
echo "start: $(rss) KiB"
for run in 1 2; do
  python3 scripts/load.py $PORT 200000 0.1
  echo "after run $run (200,000 requests, 10% of clients hanging up early): $(rss) KiB"
done
