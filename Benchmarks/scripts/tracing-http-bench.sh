#!/usr/bin/env bash
# What tracing costs an HTTP service: bench-server's sync hello route without the tracing
# middleware, with it recording every request, and with it at 1% trace-id ratio sampling,
# under wrk on loopback, alternating in each round so that all three see the same machine.
# The server is pinned to core 0 and wrk to core 1, as in http-bench.sh. Besides req/s and
# p99 it reports the server's CPU time per request (user + system, from /proc): on a shared
# machine, where other work takes the server's core away, that cost is what stays comparable.
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

MODES=(off on ratio:0.01)
RESULTS="$OUT/tracing-results.txt"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }

run_wrk() { # mode
  local result rps p99 requests before after cpu_us
  before=$(cpu_ticks)
  result=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "http://127.0.0.1:$PORT/hello")
  after=$(cpu_ticks)
  rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$result" | awk '$1 == "99%" {print $2}')
  requests=$(echo "$result" | awk '/requests in/ {print $1}')
  cpu_us=$(python3 -c "print(f'{($after - $before) / $(getconf CLK_TCK) / $requests * 1e6:.2f}')")
  echo "$1 $rps $p99 $cpu_us" >> "$RESULTS"
  printf '  %-12s %10s req/s   p99 %-9s server CPU %s us/request\n' "$1" "$rps" "$p99" "$cpu_us"
}

: > "$RESULTS"
for round in $(seq "$ROUNDS"); do
  echo "round $round"
  # Rotate the order each round, so that no mode always runs first or last.
  for i in "${!MODES[@]}"; do
    mode=${MODES[$(( (i + round - 1) % ${#MODES[@]} ))]}
    start_server taskset -c 0 "$SERVER" --port $PORT --loops 1 --handler sync --tracing "$mode"
    run_wrk "$mode"
    stop_server
  done
done

echo
echo "medians over $ROUNDS rounds (wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_RUN}s, sync /hello, 1 loop):"
python3 - "$RESULTS" <<'PY'
import sys, statistics
rows = {}
for line in open(sys.argv[1]):
    name, rps, p99, cpu = line.split()
    unit = 1e-3 if p99.endswith("us") else (1.0 if p99.endswith("ms") else 1e3)
    rows.setdefault(name, []).append((float(rps), float(p99.rstrip("usm")) * unit, float(cpu)))
off_rps = statistics.median(r[0] for r in rows["off"])
off_cpu = statistics.median(r[2] for r in rows["off"])
for name in ["off", "on", "ratio:0.01"]:
    values = rows[name]
    rps = statistics.median(r[0] for r in values)
    p99 = statistics.median(r[1] for r in values)
    cpu = statistics.median(r[2] for r in values)
    # Ratios within a round, where the machine was the same for the three modes.
    per_round = [r[0] / o[0] for r, o in zip(values, rows["off"])]
    print(f"  {name:<12} {rps:8.0f} req/s  ratio {rps / off_rps:5.3f} (rounds {min(per_round):.3f}..{max(per_round):.3f})"
          f"  p99 {p99:6.2f} ms  server CPU {cpu:6.2f} us/request, ratio of CPU throughput {off_cpu / cpu:5.3f}")
print("  goal: throughput with tracing on >= 0.90 of off, with ratio:0.01 >= 0.97")
PY
