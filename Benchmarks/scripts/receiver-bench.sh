#!/usr/bin/env bash
# The OTLP receiver's throughput in spans per second, protobuf and JSON, in one run:
# package-benchmark (target ReceiverBenchmarks) feeds COUNT requests of 512 spans, written
# by scripts/otlp_bodies.py with opentelemetry-proto, through OTLPReceiver into a fresh
# store per sample. The machine is shared and noisy: read the ratio, not the absolutes.
#
#   bash Benchmarks/scripts/receiver-bench.sh           # COUNT=64 requests (32768 spans) per sample
#   COUNT=16 bash Benchmarks/scripts/receiver-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-64}

bash ../scripts/python-venv.sh
rm -rf .build-bench/otlp-bodies
../.venv/bin/python scripts/otlp_bodies.py .build-bench/otlp-bodies "$COUNT"

output="$(mktemp)"
trap 'rm -f "$output"' EXIT
# --disable-sandbox: the plugin runs the benchmark executable, which the sandbox forbids on Linux.
swift package --disable-sandbox benchmark --target ReceiverBenchmarks --no-progress "$@" | tee "$output"

PYTHONPATH=scripts python3 - "$output" "$COUNT" <<'PY'
import sys
from benchmark_table import read

spans = int(sys.argv[2]) * 512
encoding_of = lambda title: ("protobuf" if title.endswith("protobuf") else "JSON") if title.startswith("Receive ") else None
medians = {
    encoding: metrics["Time (wall clock)"][1]
    for encoding, metrics in read(sys.argv[1], encoding_of).items() if "Time (wall clock)" in metrics
}

print()
for encoding in ("protobuf", "JSON"):
    if encoding in medians:
        seconds = medians[encoding]
        print(f"{encoding:<9} {spans} spans in {seconds * 1e3:8.1f} ms (median)  {spans / seconds:12,.0f} spans/s")
if len(medians) == 2:
    print(f"protobuf is {medians['JSON'] / medians['protobuf']:.2f}x the JSON throughput")
PY
