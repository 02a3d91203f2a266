"""Reads the tables package-benchmark prints, for the scripts that summarise a run.

    from benchmark_table import read
    results = read(path, lambda title: title if title.startswith("Receive ") else None)
    results["Receive 512 spans, protobuf"]["Time (wall clock)"]   # (best, median) in seconds

Each benchmark's table follows a line with its name; `name_of` says which lines those are
(the name, or None). A metric's values come scaled to plain units: times in seconds,
counts without package-benchmark's (K) and (M). Its key is its label without the unit
and the markers, e.g. "Time (wall clock)", "Malloc (total)", "Throughput (# / s)".
"""
import re

_SCALES = {"ns": 1e-9, "us": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "K": 1e3, "M": 1e6, "G": 1e9}
_UNIT = re.compile(r"\s*\((ns|us|μs|ms|s|K|M|G)\)")


def read(path, name_of):
    """{benchmark: {metric: (p0, p50)}}; p0 is the best sample for throughput, the least for the rest."""
    results = {}
    current = None
    for line in open(path, encoding="utf-8"):
        name = name_of(line.strip())
        if name is not None:
            current = name
            continue
        cells = [cell.strip() for cell in line.split("│")]
        if current is None or len(cells) < 5:
            continue
        try:
            p0, p50 = float(cells[2]), float(cells[4])
        except ValueError:
            continue  # the header row
        label = cells[1]
        scale = 1.0
        for unit in _UNIT.findall(label):
            scale *= _SCALES[unit]
        # A time without a unit is in package-benchmark's default, nanoseconds.
        if label.startswith("Time") and not _UNIT.search(label):
            scale = 1e-9
        metric = _UNIT.sub("", label).rstrip(" *#")
        results.setdefault(current, {})[metric] = (p0 * scale, p50 * scale)
    return results
