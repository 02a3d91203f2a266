#!/usr/bin/env bash
# Runs the tracing micro-benchmarks (package-benchmark, target TracingBenchmarks) and prints
# each benchmark's median wall-clock time and allocations against the issue's targets.
# Medians are per operation (each sample runs the operation `scalingFactor` times).
# The machine is shared and noisy: compare medians between runs, not single samples.
#
#   Benchmarks/scripts/tracing-bench.sh            # run, then print the table
#   Benchmarks/scripts/tracing-bench.sh --filter Unsampled   # extra arguments go to the plugin
set -euo pipefail

cd "$(dirname "$0")/.."
output="$(mktemp)"
trap 'rm -f "$output"' EXIT

# --disable-sandbox: the plugin runs the benchmark executable, which the sandbox forbids on Linux.
swift package --disable-sandbox benchmark --target TracingBenchmarks --no-progress "$@" | tee "$output"

PYTHONPATH=scripts python3 - "$output" <<'PY'
import sys
from benchmark_table import read

# name: (time target in ns or None, malloc target or None)
targets = {
    "Sampled child span + 5 attributes": (1_000, 6),
    "Sampled child span + 5 attributes (generic API)": (None, None),
    "Root span": (None, None),
    "Unsampled span": (100, None),
    "Unsampled root span": (None, None),
    "Extract + inject (traceparent + tracestate)": (500, None),
    "Extract + inject budget: context write, read, free": (None, None),
    "Extract + inject budget: headers and allocations, no W3C work": (None, None),
    "Root span + 10 attributes, one child, into the store": (None, None),
    "Query 10k traces (service + minDuration + attribute)": (5_000_000, None),
}

medians = {}
for name, metrics in read(sys.argv[1], lambda title: title if title in targets else None).items():
    if "Time (wall clock)" in metrics:
        medians.setdefault(name, {})["time"] = metrics["Time (wall clock)"][1] * 1e9
    if "Malloc (total)" in metrics:
        medians.setdefault(name, {})["mallocs"] = metrics["Malloc (total)"][1]

def verdict(value, target):
    if target is None:
        return "(no target)"
    return "MET" if value <= target else "NOT MET"

print()
print(f"{'benchmark':<64} {'median':>12} {'target':>10} {'':>12} {'mallocs':>8} {'target':>7}")
failed = False
for name, (time_target, malloc_target) in targets.items():
    result = medians.get(name)
    if result is None or "time" not in result:
        print(f"{name:<64} {'not run':>12}")
        continue
    ns = result["time"]
    mallocs = result.get("mallocs", float("nan"))
    shown = f"{ns / 1e6:.2f} ms" if ns >= 1e6 else f"{ns / 1e3:.3f} us"
    target = "-" if time_target is None else (f"{time_target / 1e6:g} ms" if time_target >= 1e6 else f"{time_target / 1e3:g} us")
    time_verdict = verdict(ns, time_target)
    malloc_verdict = "" if malloc_target is None else f"<= {malloc_target} {verdict(mallocs, malloc_target)}"
    failed |= "NOT" in time_verdict or "NOT" in malloc_verdict
    print(f"{name:<64} {shown:>12} {target:>10} {time_verdict:>12} {mallocs:>8.0f} {malloc_verdict}")
print()
# The budget rows run the same loop without the W3C work, so the difference is what
# Spanscope's parsing, validation and formatting cost in this run.
full = medians.get("Extract + inject (traceparent + tracestate)", {}).get("time")
bare = medians.get("Extract + inject budget: headers and allocations, no W3C work", {}).get("time")
if full and bare:
    print(f"extract + inject: {full - bare:.0f} ns of W3C work over {bare:.0f} ns without it ({full / bare:.2f}x)")
print("some targets are not met" if failed else "all targets met")
PY
