#!/usr/bin/env bash
# What tracing costs an HTTP service: bench-server's sync hello route without the tracing
# middleware, with it recording every request, and with it at 1% trace-id ratio sampling,
# under wrk on loopback, alternating in each round so that all three see the same machine.
# The server is pinned to core 0 and wrk to core 1, as in http-bench.sh.
#
#   bash Benchmarks/scripts/tracing-http-bench.sh [rounds=5] [seconds=10] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
SECONDS_PER_RUN=${2:-10}
CONNECTIONS=${3:-64}
OUT=.build-bench
mkdir -p "$OUT"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
bash ../scripts/setup.sh
swift build -c release --product bench-server >/dev/null
SERVER=$(swift build -c release --show-bin-path)/bench-server

PORT=18081
MODES=(off on ratio:0.01)
RESULTS="$OUT/tracing-results.txt"

run_wrk() { # mode
  local result rps p99
  result=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "http://127.0.0.1:$PORT/hello")
  rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$result" | awk '$1 == "99%" {print $2}')
  echo "$1 $rps $p99" >> "$RESULTS"
  printf '  %-12s %10s req/s   p99 %s\n' "$1" "$rps" "$p99"
}

start() { # mode
  taskset -c 0 "$SERVER" --port $PORT --loops 1 --handler sync --tracing "$1" >/dev/null 2>&1 &
  PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/hello" >/dev/null 2>&1 && return; sleep 0.05; done
  echo "server did not start: --tracing $1" >&2; exit 1
}
stop() { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; }

: > "$RESULTS"
for round in $(seq "$ROUNDS"); do
  echo "round $round"
  # Rotate the order each round, so that no mode always runs first or last.
  for i in "${!MODES[@]}"; do
    mode=${MODES[$(( (i + round - 1) % ${#MODES[@]} ))]}
    start "$mode"; run_wrk "$mode"; stop
  done
done

echo
echo "medians over $ROUNDS rounds (wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_RUN}s, sync /hello, 1 loop):"
python3 - "$RESULTS" <<'PY'
import sys, statistics
rows = {}
for line in open(sys.argv[1]):
    name, rps, p99 = line.split()
    unit = 1e-3 if p99.endswith("us") else (1.0 if p99.endswith("ms") else 1e3)
    rows.setdefault(name, []).append((float(rps), float(p99.rstrip("usm")) * unit))
off = statistics.median(r for r, _ in rows["off"])
for name in ["off", "on", "ratio:0.01"]:
    values = rows[name]
    rps = statistics.median(r for r, _ in values)
    p99 = statistics.median(p for _, p in values)
    # Ratios within a round, where the machine was the same for the three modes.
    per_round = [r / o for (r, _), (o, _) in zip(values, rows["off"])]
    print(f"  {name:<12} {rps:10.0f} req/s  p99 {p99:6.2f} ms  ratio to off {rps / off:5.3f}"
          f"  (per round {min(per_round):.3f}..{max(per_round):.3f})")
print("  goal: on >= 0.90, ratio:0.01 >= 0.97")
PY
