#!/usr/bin/env bash
# What the trace UI costs (issue 5): bench-server with tracing on and the trace UI mounted on
# the same server, its store filled before the first request with 10,000 traces of 3 spans
# and one pinned trace of 1,000 spans. The server is pinned to core 0, curl and wrk to core 1.
#
# 1. GET /debug/traces?limit=100 and GET /debug/traces/{id} of the 1,000-span trace, one after
#    another on a keep-alive connection to an otherwise idle server: curl's time from sending
#    the request to the last byte of the answer (time_total - time_pretransfer), median and
#    p90, beside GET /hello's as the floor that loopback and HTTP alone cost. The middleware
#    records no span of the trace UI's requests (its path is excluded by default), so curl's
#    clock is the only one.
# 2. /hello under wrk, alternately with and without a poller that GETs
#    /debug/traces?limit=100 every second, the order rotating each round: the ratio of
#    throughput (goal >= 0.95) and the server's CPU time per request (measure_wrk).
#
#   bash Benchmarks/scripts/trace-ui-bench.sh [rounds=5] [seconds=10] [connections=64] [gets=200]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
SECONDS_PER_RUN=${2:-10}
CONNECTIONS=${3:-64}
GETS=${4:-200}
PORT=18082
source scripts/bench-server.sh
install_wrk

TRACES="http://127.0.0.1:$PORT/debug/traces"
SERVE=(taskset -c 0 "$SERVER" --port $PORT --loops 1 --handler sync --tracing on --trace-ui --prefill 10000)
TIMES="$OUT/trace-ui-times.txt"
RESULTS="$OUT/trace-ui-results.txt"
POLLS="$OUT/trace-ui-polls.txt"

# Appends "label seconds bytes" per answer to $TIMES, after 5 untimed requests.
time_gets() { # label url
  local warmup=() requests=()
  for _ in $(seq 5); do warmup+=(-o /dev/null "$2"); done
  for _ in $(seq "$GETS"); do requests+=(-o /dev/null "$2"); done
  taskset -c 1 curl -sf "${warmup[@]}"
  taskset -c 1 curl -sf -w "$1 %{time_pretransfer} %{time_total} %{size_download}\n" "${requests[@]}" \
    | awk '{print $1, $3 - $2, $4}' >> "$TIMES"
}

: > "$TIMES"
start_server "${SERVE[@]}"
# The API itself says whether the store holds what the server was told to fill it with, and
# names the trace with the most spans.
curl -sf "$TRACES/stats" | python3 -c '
import json, sys
held = json.load(sys.stdin)["retainedTraces"]
assert held >= 10_000, f"the store holds {held} traces, not 10,000"'
wide=$(curl -sf "$TRACES?sort=mostSpans&limit=1" | python3 -c '
import json, sys
trace = json.load(sys.stdin)["traces"][0]
assert trace["spanCount"] == 1000, trace
print(trace["traceId"])')
time_gets "hello" "http://127.0.0.1:$PORT/hello"
time_gets "list?limit=100" "$TRACES?limit=100"
time_gets "trace-1000-spans" "$TRACES/$wide"
stop_server

echo "server time over $GETS requests each (curl, keep-alive, idle server):"
python3 - "$TIMES" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, seconds, size = line.split()
    rows.setdefault(label, []).append((float(seconds), int(size)))
for label, values in rows.items():
    times = sorted(seconds for seconds, _ in values)
    p90 = times[int(0.9 * (len(times) - 1))]
    print(f"  GET {label:<18} median {statistics.median(times) * 1e3:7.2f} ms  p90 {p90 * 1e3:7.2f} ms"
          f"  max {times[-1] * 1e3:7.2f} ms  answer {values[0][1]:,} bytes")
PY

# GETs the list every second, writing each answer's status to $POLLS, until stop_poller,
# which lets the poll under way finish: killed, it would end against the stopped server.
start_poller() {
  rm -f "$OUT/stop-poller"
  taskset -c 1 bash -c 'until [ -e "$3" ]; do curl -s -o /dev/null -w "%{http_code}\n" "$1" >> "$2"; sleep 1; done' \
    poller "$TRACES?limit=100" "$POLLS" "$OUT/stop-poller" &
  POLLER=$!
}
stop_poller() { touch "$OUT/stop-poller"; wait "$POLLER"; }

MODES=(unpolled polled-1s)
: > "$RESULTS"
: > "$POLLS"
echo
for round in $(seq "$ROUNDS"); do
  echo "round $round"
  for i in "${!MODES[@]}"; do
    mode=${MODES[$(( (i + round - 1) % ${#MODES[@]} ))]}
    start_server "${SERVE[@]}"
    if [ "$mode" = polled-1s ]; then start_poller; fi
    measure_wrk "$mode"
    if [ "$mode" = polled-1s ]; then stop_poller; fi
    stop_server
  done
done

polls=$(wc -l < "$POLLS")
answered=$(grep -c '^200$' "$POLLS" || true)
echo
echo "medians over $ROUNDS rounds (wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_RUN}s, sync /hello, tracing on, 1 loop;"
echo "the poller's list answered $answered of $polls times):"
python3 scripts/wrk_summary.py "$RESULTS" unpolled
echo "  goal: throughput polled every second >= 0.95 of unpolled"
