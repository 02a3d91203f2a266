"""Medians over the rounds of measure_wrk's results (bench-server.sh), each as a ratio to a
baseline: req/s with the range of the per-round ratios (within a round the machine was the
same for every run), p99, and the server's CPU time per request with the ratio of the
throughput that CPU time allows.

    wrk_summary.py RESULTS BASELINE [NAME...]   # every name measured unless some are given
"""
import statistics
import sys

path, baseline, *names = sys.argv[1:]
rows = {}
for line in open(path):
    name, rps, p99, cpu = line.split()
    unit = 1e-3 if p99.endswith("us") else (1.0 if p99.endswith("ms") else 1e3)
    rows.setdefault(name, []).append((float(rps), float(p99.rstrip("usm")) * unit, float(cpu)))
base_rps = statistics.median(r[0] for r in rows[baseline])
base_cpu = statistics.median(r[2] for r in rows[baseline])
for name in names or rows:
    values = rows[name]
    rps = statistics.median(r[0] for r in values)
    p99 = statistics.median(r[1] for r in values)
    cpu = statistics.median(r[2] for r in values)
    per_round = [r[0] / b[0] for r, b in zip(values, rows[baseline])]
    print(f"  {name:<14} {rps:8.0f} req/s  ratio {rps / base_rps:5.3f} (rounds {min(per_round):.3f}..{max(per_round):.3f})"
          f"  p99 {p99:6.2f} ms  server CPU {cpu:6.2f} us/request, ratio of CPU throughput {base_cpu / cpu:5.3f}")
