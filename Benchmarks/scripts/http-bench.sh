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

run_wrk() { # name, wrk cpu list
  local result
  result=$(taskset -c "$2" wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "http://127.0.0.1:$PORT/hello")
  local rps p99
  rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$result" | awk '$1 == "99%" {print $2}')
  echo "$1 $rps $p99" >> "$OUT/results.txt"
  printf '  %-14s %10s req/s   p99 %s\n' "$1" "$rps" "$p99"
}

: > "$OUT/results.txt"
for round in $(seq "$ROUNDS"); do
  echo "round $round"
  start_server taskset -c 0 "$OUT/hello-evhttp" $PORT; run_wrk c-evhttp 1; stop_server
  start_server taskset -c 0 "$SERVER" --port $PORT --loops 1 --handler sync; run_wrk sync-1loop 1; stop_server
  start_server taskset -c 0 "$SERVER" --port $PORT --loops 1 --handler async; run_wrk async-1loop 1; stop_server
  start_server taskset -c 0,1 "$SERVER" --port $PORT --loops 2 --handler sync; run_wrk sync-2loops 0,1; stop_server
done

echo
echo "medians over $ROUNDS rounds (wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_RUN}s):"
python3 - "$OUT/results.txt" <<'PY'
import sys, statistics
rows = {}
for line in open(sys.argv[1]):
    name, rps, p99 = line.split()
    unit = 1e-3 if p99.endswith("us") else (1.0 if p99.endswith("ms") else 1e3)
    rows.setdefault(name, []).append((float(rps), float(p99.rstrip("usm")) * unit))
c = statistics.median(r for r, _ in rows["c-evhttp"])
for name, values in rows.items():
    rps = statistics.median(r for r, _ in values)
    p99 = statistics.median(p for _, p in values)
    print(f"  {name:<14} {rps:10.0f} req/s  p99 {p99:7.2f} ms  ratio to C {rps / c:5.2f}")
one = statistics.median(r for r, _ in rows["sync-1loop"])
two = statistics.median(r for r, _ in rows["sync-2loops"])
print(f"  scaling 1 -> 2 loops (sync): {two / one:.2f}x (server and wrk share the 2 cores in the 2-loop run)")
PY
