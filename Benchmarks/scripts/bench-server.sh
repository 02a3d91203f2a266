# Sourced, from Benchmarks/, by the scripts that put bench-server under load
# (http-bench.sh, tracing-http-bench.sh, trace-ui-bench.sh, memory-bench.sh): builds it into
# $SERVER and gives them one way to start, wait for, measure and stop a server on $PORT.
OUT=.build-bench
mkdir -p "$OUT"
bash ../scripts/setup.sh
swift build -c release --product bench-server >/dev/null
SERVER=$(swift build -c release --show-bin-path)/bench-server

install_wrk() {
  command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
}

# Runs the command in the background as $PID, and returns once it answers /hello on $PORT.
start_server() { # command...
  "$@" >/dev/null 2>&1 &
  PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/hello" >/dev/null 2>&1 && return; sleep 0.05; done
  echo "server did not start: $*" >&2
  exit 1
}

stop_server() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }

# Runs wrk against /hello ($SECONDS_PER_RUN s, $CONNECTIONS connections, pinned to the given
# cores, core 1 unless told), prints the result and appends "label req/s p99 cpu" to $RESULTS
# for wrk_summary.py. cpu is the server's CPU time per request (user + system, from /proc):
# on a shared machine, where other work takes the server's core away, that cost is what
# stays comparable.
measure_wrk() { # label [wrk cpu list]
  local result rps p99 requests before after cpu_us
  before=$(server_cpu_ticks)
  result=$(taskset -c "${2:-1}" wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "http://127.0.0.1:$PORT/hello")
  after=$(server_cpu_ticks)
  rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$result" | awk '$1 == "99%" {print $2}')
  requests=$(echo "$result" | awk '/requests in/ {print $1}')
  cpu_us=$(python3 -c "print(f'{($after - $before) / $(getconf CLK_TCK) / $requests * 1e6:.2f}')")
  echo "$1 $rps $p99 $cpu_us" >> "$RESULTS"
  printf '  %-14s %10s req/s   p99 %-9s server CPU %s us/request\n' "$1" "$rps" "$p99" "$cpu_us"
}

server_cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
