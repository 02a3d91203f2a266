# Sourced, from Benchmarks/, by the scripts that put bench-server under load
# (http-bench.sh, tracing-http-bench.sh, memory-bench.sh): builds it into $SERVER and
# gives them one way to start, wait for and stop a server on $PORT.
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
