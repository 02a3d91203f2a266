// Comparing this trace with another (or with a typical trace of the same route): spans are
// grouped by their path of service and operation names from the root, as Jaeger's trace
// diff does, so that a loop of 12 queries against one of 3 shows as one row whose count
// differs. A row says what exists only on one side, where counts differ and where time went.

import { el } from "./dom.js";
import { durationText } from "./format.js";

/** A path node: the spans of one trace with the same chain of service and name from the root. */
function pathsOf(model) {
  const nodes = new Map();
  const keyOf = new Array(model.spans.length);
  for (const span of model.spans) {
    const parentKey = span.parent >= 0 ? keyOf[span.parent] : "";
    const key = `${parentKey}\u0001${span.service}\u0000${span.name}`;
    keyOf[span.index] = key;
    let node = nodes.get(key);
    if (!node) {
      node = { key, parentKey, service: span.service, color: span.color, name: span.name, depth: span.depth, count: 0, total: 0, errors: 0, first: span.start };
      nodes.set(key, node);
    }
    node.count += 1;
    node.total += span.duration;
    node.errors += span.error ? 1 : 0;
    node.first = Math.min(node.first, span.start);
  }
  return nodes;
}

/** A relative difference worth pointing at: a fifth, and at least 100µs. */
function differs(a, b) {
  return Math.abs(a - b) >= 100_000 && Math.abs(a - b) >= 0.2 * Math.max(a, b);
}

/**
 * The rows of a comparison of `current` against `baseline`, depth-first, each with a `change`:
 * `added` (only in the current trace), `removed` (only in the baseline), `count` (both, in
 * other numbers), `slower`, `faster` or `same`.
 */
export function compareTraces(current, baseline) {
  const here = pathsOf(current);
  const there = pathsOf(baseline);
  const keys = new Set([...here.keys(), ...there.keys()]);
  const children = new Map();
  for (const key of keys) {
    const node = here.get(key) ?? there.get(key);
    const list = children.get(node.parentKey) ?? [];
    list.push(key);
    children.set(node.parentKey, list);
  }
  const rows = [];
  const visit = (parentKey) => {
    const list = (children.get(parentKey) ?? []).sort((a, b) =>
      Math.min(here.get(a)?.first ?? Infinity, there.get(a)?.first ?? Infinity) -
      Math.min(here.get(b)?.first ?? Infinity, there.get(b)?.first ?? Infinity));
    for (const key of list) {
      const a = here.get(key);
      const b = there.get(key);
      const node = a ?? b;
      const change = !b ? "added" : !a ? "removed" : a.count !== b.count ? "count"
        : differs(a.total, b.total) ? (a.total > b.total ? "slower" : "faster") : "same";
      const row = { key, depth: node.depth, service: node.service, color: node.color, name: node.name, current: a, baseline: b, change };
      rows.push(row);
      visit(key);
    }
  };
  visit("");
  return rows;
}

const CHANGE_TEXT = {
  added: "only in this trace",
  removed: "only in the other trace",
  count: "called a different number of times",
  slower: "slower here",
  faster: "faster here",
  same: "",
};

/**
 * Renders the comparison into `root`.
 * @param {{onlyDifferences: boolean, baselineLabel: string, baselineURL: string}} options
 */
export function renderComparison(root, current, baseline, { onlyDifferences, baselineLabel, baselineURL }) {
  const rows = compareTraces(current, baseline);
  // A row shows when it differs, or when something below it does: the path to a change keeps its context.
  const shown = new Set();
  if (onlyDifferences) {
    const parentOf = new Map(rows.map((row) => [row.key, (row.current ?? row.baseline).parentKey ?? ""]));
    for (const row of rows) {
      if (row.change === "same") continue;
      for (let key = row.key; key && !shown.has(key); key = parentOf.get(key)) shown.add(key);
    }
  }
  const visible = onlyDifferences ? rows.filter((row) => shown.has(row.key)) : rows;
  const structural = rows.filter((row) => ["added", "removed", "count"].includes(row.change)).length;
  const delta = current.duration - baseline.duration;

  const side = (node) => node ? `${node.count} × ${durationText(node.total / node.count)} = ${durationText(node.total)}` : "—";
  const table = el("table", { class: "data diff", attrs: { id: "compare-table" } },
    el("thead", {}, el("tr", {},
      el("th", { text: "Path (service · operation)" }),
      el("th", { class: "num counts", text: "This trace" }),
      el("th", { class: "num", text: "Other trace" }),
      el("th", { class: "num", text: "Δ time" }),
      el("th", { text: "What differs" }))),
    el("tbody", {}, visible.map((row) => {
      const here = row.current?.total ?? 0;
      const there = row.baseline?.total ?? 0;
      const indent = el("span", { class: "indent" });
      indent.style.width = `${Math.min(row.depth, 30) * 14}px`;
      return el("tr", { class: row.change === "count" ? "count-changed" : row.change, dataset: { change: row.change } },
        el("td", { class: "path" }, indent, el("span", { class: `dot svc-${row.color}` }), " ",
          el("span", { class: "muted", text: `${row.service} · ` }), el("span", { text: row.name })),
        el("td", { class: "num counts", text: side(row.current) }),
        el("td", { class: "num counts", text: side(row.baseline) }),
        el("td", { class: "num delta", text: `${here >= there ? "+" : "−"}${durationText(Math.abs(here - there))}` }),
        el("td", { text: CHANGE_TEXT[row.change] }));
    })));

  root.replaceChildren(
    el("p", {},
      "This trace ", el("b", { text: durationText(current.duration) }), ` (${current.spans.length} spans) against `,
      el("a", { attrs: { href: baselineURL }, text: baselineLabel }), " ",
      el("b", { text: durationText(baseline.duration) }), ` (${baseline.spans.length} spans): `,
      el("b", { class: delta > 0 ? "error-text" : "", text: `${delta >= 0 ? "+" : "−"}${durationText(Math.abs(delta))}` }),
      `; ${structural} structural difference${structural === 1 ? "" : "s"}.`),
    visible.length > 0 ? table : el("p", { class: "muted", text: "Same structure, and no path differs in time by a fifth or more." }));
}
