#!/usr/bin/env bash
# Runs the OTLP export benchmarks (package-benchmark, target ExportBenchmarks) and prints
# spans per second for protobuf and JSON, with and without gzip, and each as a ratio to
# protobuf. An export sample is one export of a 512-span batch (encode, compress, POST over
# loopback to a sink answering 200), an encode sample the encoding alone, so
# spans/s = 512 x samples/s (package-benchmark's throughput: best sample and median).
# The machine is shared and noisy: compare the ratios of one run, not figures between runs.
#
#   Benchmarks/scripts/export-bench.sh
#   Benchmarks/scripts/export-bench.sh --filter gzip   # extra arguments go to the plugin
set -euo pipefail

cd "$(dirname "$0")/.."
output="$(mktemp)"
trap 'rm -f "$output"' EXIT

# --disable-sandbox: the plugin runs the benchmark executable, which the sandbox forbids on Linux.
swift package --disable-sandbox benchmark --target ExportBenchmarks --no-progress "$@" | tee "$output"

PYTHONPATH=scripts python3 - "$output" <<'PY'
import re
import sys
from benchmark_table import read

def name_of(title):
    match = re.fullmatch(r"OTLP (export|encode) (\d+) spans, (.+)", title)
    return (match.group(1), int(match.group(2)), match.group(3)) if match else None

results = {}
for (kind, spans, variant), metrics in read(sys.argv[1], name_of).items():
    if "Throughput (# / s)" in metrics:
        # Throughput's p0 is the best sample; p50 the median.
        best, median = metrics["Throughput (# / s)"]
        results[(kind, variant)] = (spans * best, spans * median)
    if "Malloc (total)" in metrics:
        results[(kind, variant, "mallocs")] = metrics["Malloc (total)"][1] / spans

print()
# On a shared machine the best sample is the least disturbed: the ratios compare those.
print(f"{'512-span batches':<28} {'spans/s best':>13} {'spans/s p50':>12} {'best vs protobuf':>17} {'mallocs/span':>13}")
for kind in ["encode", "export"]:
    base = results.get((kind, "protobuf"))
    for variant in ["protobuf", "protobuf + gzip", "JSON", "JSON + gzip"]:
        result = results.get((kind, variant))
        if result is None:
            continue
        ratio = f"{result[0] / base[0]:.2f}x" if base else "-"
        mallocs = results.get((kind, variant, "mallocs"), float("nan"))
        print(f"{kind + ' ' + variant:<28} {result[0]:>13,.0f} {result[1]:>12,.0f} {ratio:>17} {mallocs:>13.1f}")
PY
