// Durations and times as the server writes them (DurationText.swift): 850ns, 12.5µs, 80.0ms, 1.25s.

/** A duration in nanoseconds as people read it. */
export function durationText(nanos) {
  const n = Math.max(0, Number(nanos));
  if (n < 1_000) return `${Math.round(n)}ns`;
  if (n < 999_950) return `${(n / 1_000).toFixed(1)}µs`;
  if (n < 999_950_000) return `${(n / 1_000_000).toFixed(1)}ms`;
  return `${(n / 1_000_000_000).toFixed(2)}s`;
}

/** An axis label for an offset, in the unit of the tick step, without needless decimals. */
export function tickText(nanos, step) {
  const units = [[1_000_000_000, "s"], [1_000_000, "ms"], [1_000, "µs"], [1, "ns"]];
  const [size, unit] = units.find(([size]) => step >= size) ?? units[3];
  const value = nanos / size;
  const decimals = Number.isInteger(Math.round(step / size * 1000) / 1000) ? 0 : 1;
  return `${value.toFixed(decimals)}${unit}`;
}

/** Steps of 1, 2 and 5 times a power of ten, so that about `count` ticks span `range`. */
export function niceStep(range, count) {
  if (!(range > 0)) return 1;
  const rough = range / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  return Math.max(1, step);
}

/** Nanoseconds since the epoch (a decimal string or number) as a local date and time. */
export function timeText(unixNanos) {
  const millis = Number(BigInt(unixNanos) / 1_000_000n);
  const date = new Date(millis);
  const pad = (value, width = 2) => String(value).padStart(width, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Nanoseconds since the epoch as milliseconds, for Date and for plotting. */
export function unixMillis(unixNanos) {
  return Number(BigInt(unixNanos) / 1_000n) / 1_000;
}
