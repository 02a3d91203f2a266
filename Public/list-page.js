// The trace list: runs the page's query against the JSON API, then draws the duration-over-time
// scatter plot (a click opens the trace) and the sortable result table.

import { byId, el, svg } from "./dom.js";
import { durationText, niceStep, tickText, timeText } from "./format.js";
import { searchParameters, summaryOf, fetchJSON, traceLinks } from "./api.js";
import { summaryCells } from "./summary-row.js";

const page = byId("list-page");
const api = page.dataset.api;
const traceURL = traceLinks(page);
const notice = byId("list-notice");
const plot = byId("scatter");
const table = byId("results");
const sort = { key: "start", descending: true };
let traces = [];

// Empty fields stay out of the URL (and out of the API's way).
document.querySelector("form.search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const query = searchParameters(new FormData(event.target));
  location.assign(`${location.pathname}${query.size > 0 ? `?${query}` : ""}`);
});

for (const header of table.querySelectorAll("th[data-sort]")) {
  header.querySelector("button").addEventListener("click", () => {
    const key = header.dataset.sort;
    sort.descending = sort.key === key ? !sort.descending : !["root", "services"].includes(key);
    sort.key = key;
    for (const other of table.querySelectorAll("th[data-sort]")) other.removeAttribute("aria-sort");
    header.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
    renderTable();
  });
}

new ResizeObserver(() => renderPlot()).observe(plot);

async function load() {
  const query = searchParameters(new URLSearchParams(location.search));
  try {
    const body = await fetchJSON(`${api}${query.size > 0 ? `?${query}` : ""}`);
    traces = body.traces.map(summaryOf);
    if (body.limitCapped) showNotice(`Showing the first ${traces.length}: the limit is capped at ${body.limit}.`);
  } catch (error) {
    showNotice(error.message, true);
    traces = [];
  }
  byId("result-count").textContent = `${traces.length} shown`;
  renderPlot();
  renderTable();
  document.documentElement.dataset.ready = "true";
}

function showNotice(text, isError = false) {
  notice.textContent = text;
  notice.classList.toggle("error", isError);
  notice.classList.remove("hidden");
}

// Scatter plot

function renderPlot() {
  const width = plot.clientWidth || 800;
  const height = plot.clientHeight || 220;
  plot.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const margin = { left: 60, right: 14, top: 10, bottom: 24 };
  const inner = { width: width - margin.left - margin.right, height: height - margin.top - margin.bottom };
  const nodes = [];
  if (traces.length === 0) {
    nodes.push(svg("text", { attrs: { x: width / 2, y: height / 2, "text-anchor": "middle" }, text: "No trace matches." }));
    plot.replaceChildren(...nodes);
    return;
  }
  const times = traces.map((trace) => trace.startMillis);
  let [t0, t1] = [Math.min(...times), Math.max(...times)];
  if (t1 - t0 < 1) [t0, t1] = [t0 - 500, t1 + 500];
  const pad = (t1 - t0) * 0.03;
  [t0, t1] = [t0 - pad, t1 + pad];
  const maxDuration = Math.max(...traces.map((trace) => trace.durationNanos)) * 1.1 || 1;
  const x = (millis) => margin.left + ((millis - t0) / (t1 - t0)) * inner.width;
  const y = (nanos) => margin.top + inner.height - (nanos / maxDuration) * inner.height;

  const yStep = niceStep(maxDuration, 4);
  for (let value = 0; value <= maxDuration; value += yStep) {
    nodes.push(svg("line", { class: "gridline", attrs: { x1: margin.left, x2: width - margin.right, y1: y(value), y2: y(value) } }));
    nodes.push(svg("text", { attrs: { x: margin.left - 6, y: y(value) + 4, "text-anchor": "end" }, text: tickText(value, yStep) }));
  }
  const xStep = niceStep(t1 - t0, Math.max(2, Math.floor(inner.width / 120)));
  for (let millis = Math.ceil(t0 / xStep) * xStep; millis <= t1; millis += xStep) {
    nodes.push(svg("text", {
      attrs: { x: x(millis), y: height - 6, "text-anchor": "middle" },
      text: timeText(BigInt(Math.round(millis)) * 1_000_000n).slice(11, xStep < 1000 ? 23 : 19),
    }));
  }
  nodes.push(svg("line", { class: "axis", attrs: { x1: margin.left, x2: margin.left, y1: margin.top, y2: margin.top + inner.height } }));
  nodes.push(svg("line", { class: "axis", attrs: { x1: margin.left, x2: width - margin.right, y1: margin.top + inner.height, y2: margin.top + inner.height } }));

  for (const trace of traces) {
    const label = `${trace.rootName} · ${durationText(trace.durationNanos)} · ${trace.spanCount} spans${trace.errorCount > 0 ? ` · ${trace.errorCount} errors` : ""} · ${timeText(trace.startTimeUnixNano)}`;
    const open = () => location.assign(traceURL(trace.traceId));
    nodes.push(svg("circle", {
      class: trace.errorCount > 0 ? "error" : "",
      attrs: {
        cx: x(trace.startMillis), cy: y(trace.durationNanos), r: 3 + Math.min(5, Math.sqrt(trace.spanCount) / 2),
        tabindex: 0, role: "link", "aria-label": label,
      },
      dataset: { traceId: trace.traceId },
      on: { click: open, keydown: (event) => { if (event.key === "Enter") open(); } },
    }, svg("title", { text: label })));
  }
  plot.replaceChildren(...nodes);
}

// Results table

const sortValue = {
  start: (trace) => trace.startMillis,
  root: (trace) => trace.rootName.toLowerCase(),
  services: (trace) => trace.services.join(" "),
  duration: (trace) => trace.durationNanos,
  spans: (trace) => trace.spanCount,
  errors: (trace) => trace.errorCount,
  kept: (trace) => trace.keptReasons.join(" "),
};

function renderTable() {
  const value = sortValue[sort.key];
  const sorted = [...traces].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    return (x < y ? -1 : x > y ? 1 : 0) * (sort.descending ? -1 : 1);
  });
  const longest = Math.max(1, ...traces.map((trace) => trace.durationNanos));
  const rows = sorted.map((trace) => {
    const href = traceURL(trace.traceId);
    const meter = el("div");
    meter.style.width = `${(trace.durationNanos / longest) * 100}%`;
    const duration = el("td", { class: "num" }, el("div", { class: "duration-cell" },
      el("span", { text: durationText(trace.durationNanos) }),
      el("div", { class: trace.errorCount > 0 ? "duration-meter error" : "duration-meter" }, meter)));
    return el("tr", { class: trace.errorCount > 0 ? "error-row" : "", dataset: { traceId: trace.traceId } },
      ...summaryCells(trace, href, duration),
      el("td", {},
        trace.keptReasons.map((reason) => el("span", { class: `badge ${reason}`, text: reason })),
        trace.incomplete ? el("span", { class: "badge warning", text: "incomplete" }) : null));
  });
  table.tBodies[0].replaceChildren(...(rows.length > 0
    ? rows
    : [el("tr", {}, el("td", { attrs: { colspan: 7 }, class: "muted", text: "No trace matches this search." }))]));
}

load();
