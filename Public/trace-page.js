// The trace page: the waterfall, its minimap, the span detail, search inside the trace,
// keyboard navigation, findings that select their spans, `#span=<id>` deep links and the
// comparison with another trace.

import { byId, el, isTyping } from "./dom.js";
import { durationText } from "./format.js";
import { traceModel, searchText } from "./trace-model.js";
import { Waterfall } from "./waterfall.js";
import { Minimap } from "./minimap.js";
import { renderSpanDetail } from "./span-detail.js";
import { renderComparison } from "./compare.js";
import { fetchJSON, traceLinks } from "./api.js";
import { colorServiceDots, serviceColor } from "./colors.js";

const page = byId("trace-page");
const config = {
  api: page.dataset.api, // the JSON API's base: GET `${api}/${traceId}`
  typical: page.dataset.typical || null,
  route: page.dataset.route || "",
};
const traceURL = traceLinks(page);
const traceId = page.dataset.traceId;

const model = traceModel(JSON.parse(byId("trace-data").textContent));
const layout = byId("trace-layout");
const detail = byId("detail");
const notice = byId("trace-notice");

// Service chips in the header get the colors the waterfall uses.
colorServiceDots(document, (service) => model.colors.get(service) ?? serviceColor(service));

const waterfall = new Waterfall(byId("waterfall"), model, { onSelect: showDetail });
const zoomText = byId("zoom-text");
const minimap = new Minimap(byId("minimap"), model, {
  onZoom: (start, end) => zoom(start, end),
  onPick: (index) => waterfall.select(nearestVisible(index), { center: true }),
  onReset: () => zoom(0, model.duration),
});

function zoom(start, end) {
  waterfall.setView(start, end);
  const whole = waterfall.view.start <= 0 && waterfall.view.end >= model.duration;
  if (!whole) waterfall.scrollToView();
  minimap.setView(waterfall.view.start, waterfall.view.end);
  zoomText.textContent = whole ? "" : `showing ${durationText(waterfall.view.start)} – ${durationText(waterfall.view.end)}`;
  byId("reset-zoom").disabled = whole;
}

/** The span itself if it has a row, else its nearest ancestor that does. */
function nearestVisible(index) {
  let at = index;
  while (at >= 0 && waterfall.rowOf[at] < 0) at = model.spans[at].parent;
  return at < 0 ? index : at;
}

// Span detail and the deep link

function showDetail(index) {
  layout.classList.add("with-detail");
  detail.classList.remove("hidden");
  renderSpanDetail(detail, model, index, { traceURL, onClose: closeDetail });
  const hash = `#span=${model.spans[index].id}`;
  if (location.hash !== hash) history.replaceState(null, "", `${location.pathname}${location.search}${hash}`);
}

function closeDetail() {
  detail.classList.add("hidden");
  layout.classList.remove("with-detail");
  waterfall.selected = -1;
  waterfall.invalidate();
  history.replaceState(null, "", `${location.pathname}${location.search}`);
}

function followHash() {
  const match = /^#span=([0-9a-fA-F]{16})$/.exec(location.hash);
  if (!match) return;
  const index = model.indexById.get(match[1].toLowerCase());
  if (index === undefined) {
    notice.textContent = `Span ${match[1]} is not in this trace.`;
    notice.classList.remove("hidden");
    return;
  }
  notice.classList.add("hidden");
  waterfall.select(index, { center: true, focus: true });
}

window.addEventListener("hashchange", followHash);
// A link to the span already in the hash fires no hashchange: follow every span link here.
document.addEventListener("click", (event) => {
  const link = event.target.closest?.('a[href^="#span="]');
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  history.replaceState(null, "", `${location.pathname}${location.search}${link.getAttribute("href")}`);
  followHash();
});

// Search inside the trace

const searchInput = byId("trace-search");
const searchCount = byId("search-count");
let haystack = null; // built on the first search
let matchList = [];
let matchAt = -1;

function search() {
  const query = searchInput.value.trim().toLowerCase();
  if (!query) {
    matchList = [];
    matchAt = -1;
    searchCount.textContent = "";
    waterfall.setMatches(new Set());
    return;
  }
  haystack ??= model.spans.map(searchText);
  matchList = [];
  haystack.forEach((text, index) => { if (text.includes(query)) matchList.push(index); });
  matchAt = -1;
  searchCount.textContent = matchList.length === 0 ? "no match" : `${matchList.length} match${matchList.length === 1 ? "" : "es"}`;
  waterfall.setMatches(new Set(matchList));
}

function nextMatch(backwards = false) {
  if (matchList.length === 0) return;
  matchAt = (matchAt + (backwards ? -1 : 1) + matchList.length) % matchList.length;
  const index = matchList[matchAt];
  waterfall.setMatches(new Set(matchList), index);
  waterfall.select(index, { center: true });
  searchCount.textContent = `${matchAt + 1} of ${matchList.length}`;
}

let searchTimer = 0;
searchInput.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(search, 120);
});
searchInput.addEventListener("keydown", (event) => {
  if (event.key === "Enter") {
    event.preventDefault();
    clearTimeout(searchTimer);
    if (matchList.length === 0) search();
    nextMatch(event.shiftKey);
  } else if (event.key === "Escape") {
    searchInput.value = "";
    search();
    waterfall.body.focus();
  }
});

// Findings: highlight a finding's spans as matches and select the first

for (const item of document.querySelectorAll(".finding[data-span-ids]")) {
  item.querySelector(".highlight-spans")?.addEventListener("click", () => {
    const indexes = item.dataset.spanIds.split(" ").map((id) => model.indexById.get(id)).filter((index) => index !== undefined);
    matchList = indexes;
    matchAt = -1;
    searchCount.textContent = `${indexes.length} span${indexes.length === 1 ? "" : "s"} of the finding`;
    nextMatch();
  });
}

for (const message of document.querySelectorAll(".finding-message")) {
  message.addEventListener("click", () => message.classList.toggle("open"));
}

// Toolbar

const actions = {
  "collapse-level": () => waterfall.collapseLevel(),
  "expand-level": () => waterfall.expandLevel(),
  "collapse-all": () => waterfall.collapseAll(),
  "expand-all": () => waterfall.expandAll(),
  "next-error": () => waterfall.next((span) => span.error),
  "next-critical": () => waterfall.next((span) => span.critical),
  "reset-zoom": () => zoom(0, model.duration),
};
for (const [id, action] of Object.entries(actions)) byId(id).addEventListener("click", action);
byId("toggle-keys").addEventListener("click", () => byId("keys").classList.toggle("hidden"));

// Pin and unpin: the only requests that change anything (JSON, same origin, as the API requires)

const pin = byId("pin");
pin.addEventListener("click", async () => {
  const pinned = pin.getAttribute("aria-pressed") === "true";
  try {
    const response = await fetch(`${config.api}/${traceId}/${pinned ? "unpin" : "pin"}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: "{}",
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(body?.error?.message ?? `the server answered ${response.status}`);
    pin.setAttribute("aria-pressed", String(!pinned));
    pin.textContent = pinned ? "Pin" : "Unpin";
    notice.classList.add("hidden");
  } catch (error) {
    notice.textContent = `Could not ${pinned ? "unpin" : "pin"} the trace: ${error.message}`;
    notice.classList.remove("hidden");
  }
});

// Keyboard: documented in the page's key list (#keys)

const pageRows = () => Math.max(1, Math.floor(waterfall.body.clientHeight / waterfall.rowHeight) - 1);
const keys = {
  ArrowDown: () => waterfall.move(1),
  j: () => waterfall.move(1),
  ArrowUp: () => waterfall.move(-1),
  k: () => waterfall.move(-1),
  PageDown: () => waterfall.move(pageRows()),
  PageUp: () => waterfall.move(-pageRows()),
  Home: () => waterfall.move(-Infinity),
  End: () => waterfall.move(Infinity),
  ArrowRight: () => waterfall.right(),
  l: () => waterfall.right(),
  ArrowLeft: () => waterfall.left(),
  h: () => waterfall.left(),
  Enter: () => waterfall.selected >= 0 && waterfall.toggle(waterfall.selected),
  " ": () => waterfall.selected >= 0 && waterfall.toggle(waterfall.selected),
  p: () => waterfall.selected >= 0 && model.spans[waterfall.selected].parent >= 0 && waterfall.select(model.spans[waterfall.selected].parent),
  "/": () => searchInput.focus(),
  n: () => nextMatch(false),
  N: () => nextMatch(true),
  e: () => actions["next-error"](),
  E: () => waterfall.next((span) => span.error, true),
  c: () => actions["next-critical"](),
  C: () => waterfall.next((span) => span.critical, true),
  "[": () => waterfall.collapseLevel(),
  "]": () => waterfall.expandLevel(),
  "{": () => waterfall.collapseAll(),
  "}": () => waterfall.expandAll(),
  0: () => zoom(0, model.duration),
  Escape: () => closeDetail(),
  "?": () => byId("keys").classList.toggle("hidden"),
};
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
  if (event.target.closest?.("button, a, summary") && (event.key === "Enter" || event.key === " ")) return;
  const action = keys[event.key];
  if (!action) return;
  event.preventDefault();
  action();
  if (event.key !== "/") waterfall.body.focus({ preventScroll: true });
});

// Comparison

const compareForm = byId("compare-form");
const compareInput = byId("compare-id");
const compareResult = byId("compare-result");
const onlyDifferences = byId("only-differences");
let baseline = null;

async function compareWith(traceId, label) {
  compareResult.replaceChildren(el("p", { class: "muted", text: "Loading…" }));
  try {
    const body = await fetchJSON(`${config.api}/${encodeURIComponent(traceId)}`);
    baseline = { model: traceModel(body), label, url: traceURL(traceId) };
    showComparison();
  } catch (error) {
    baseline = null;
    compareResult.replaceChildren(el("p", { class: "notice error", text: `Cannot compare with ${traceId}: ${error.message}` }));
  }
}

function showComparison() {
  if (!baseline) return;
  renderComparison(compareResult, model, baseline.model, {
    onlyDifferences: onlyDifferences.checked,
    baselineLabel: baseline.label,
    baselineURL: baseline.url,
  });
}

compareForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const id = compareInput.value.trim().toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id)) {
    compareResult.replaceChildren(el("p", { class: "notice error", text: "A trace id is 32 hex digits." }));
    return;
  }
  compareWith(id, `trace ${id}`);
});
onlyDifferences.addEventListener("change", showComparison);
document.getElementById("compare-typical")?.addEventListener("click", () => {
  compareWith(config.typical, `a typical ${config.route} trace`);
});
const requested = new URLSearchParams(location.search).get("compare");
if (requested === "typical" && config.typical) compareWith(config.typical, `a typical ${config.route} trace`);
else if (requested && /^[0-9a-f]{32}$/.test(requested)) compareWith(requested, `trace ${requested}`);

// First paint

zoom(0, model.duration);
waterfall.render();
minimap.draw();
followHash();
performance.mark("spanscope:ready");
document.documentElement.dataset.ready = "true";
