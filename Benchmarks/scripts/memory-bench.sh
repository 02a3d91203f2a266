#!/usr/bin/env bash
# Memory of bench-server after 200,000 requests, twice, with a share of clients that
# disconnect before their answer: the resident size must stay flat between the runs.
#
#   bash Benchmarks/scripts/memory-bench.sh [sync|async]
set -euo pipefail
cd "$(dirname "$0")/.."
HANDLER=${1:-async}
OUT=.build-bench
mkdir -p "$OUT"
bash ../scripts/setup.sh
swift build -c release --product bench-server >/dev/null
SERVER=$(swift build -c release --show-bin-path)/bench-server
PORT=18090
"$SERVER" --port $PORT --loops 2 --handler "$HANDLER" >/dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/hello" >/dev/null 2>&1 && break; sleep 0.05; done
rss() { awk '/VmRSS/ {print $2}' /proc/$PID/status; }
echo "start: $(rss) KiB"
for run in 1 2; do
  python3 scripts/load.py $PORT 200000 0.1
  echo "after run $run (200,000 requests, 10% of clients hanging up early): $(rss) KiB"
done
