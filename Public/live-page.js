// The live tail: completed traces matching the filters, as the server sends them
// (server-sent events from `${api}/stream`), newest on top.

import { byId, el } from "./dom.js";
import { durationText } from "./format.js";
import { searchParameters, summaryOf, traceLinks } from "./api.js";
import { summaryCells } from "./summary-row.js";

const MAX_ROWS = 200;
const page = byId("live-page");
const api = page.dataset.api;
const traceURL = traceLinks(page);
const body = byId("live").tBodies[0];
const status = byId("live-status");
const statusText = byId("live-status-text");
const empty = byId("live-empty");
const pause = byId("pause");
let paused = false;

byId("live-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const query = searchParameters(new FormData(event.target));
  location.assign(`${location.pathname}${query.size > 0 ? `?${query}` : ""}`);
});
pause.addEventListener("click", () => {
  paused = !paused;
  pause.setAttribute("aria-pressed", String(paused));
  pause.textContent = paused ? "Resume" : "Pause";
});
byId("clear").addEventListener("click", () => {
  body.replaceChildren();
  empty.classList.remove("hidden");
});

function show(raw) {
  if (paused) return;
  const trace = summaryOf(raw);
  const href = traceURL(trace.traceId);
  const row = el("tr", { class: trace.errorCount > 0 ? "fresh error-row" : "fresh", dataset: { traceId: trace.traceId } },
    ...summaryCells(trace, href, el("td", { class: "num", text: durationText(trace.durationNanos) })));
  // A trace comes again when a caller's part moved its root up: the newer row replaces the older.
  for (const shown of body.querySelectorAll(`tr[data-trace-id="${CSS.escape(trace.traceId)}"]`)) shown.remove();
  body.prepend(row);
  while (body.rows.length > MAX_ROWS) body.lastElementChild.remove();
  empty.classList.add("hidden");
}

const query = searchParameters(new URLSearchParams(location.search));
const source = new EventSource(`${api}/stream${query.size > 0 ? `?${query}` : ""}`);
source.addEventListener("open", () => {
  status.className = "live-status open";
  statusText.textContent = "following";
  document.documentElement.dataset.ready = "true";
});
source.addEventListener("error", () => {
  status.className = "live-status closed";
  statusText.textContent = source.readyState === EventSource.CLOSED ? "closed" : "reconnecting…";
});
source.addEventListener("trace", (event) => show(JSON.parse(event.data)));
// The server drops the oldest traces for a client that falls behind, and says how many.
source.addEventListener("dropped", (event) => {
  statusText.textContent = `following; ${JSON.parse(event.data).dropped} traces skipped while this page lagged`;
});
