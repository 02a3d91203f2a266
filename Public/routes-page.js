// The routes page: the table is rendered by the server; this colors its services and keeps
// the requests in flight current, polling the JSON API once a second while the page is visible.

import { byId, el } from "./dom.js";
import { durationText, timeText } from "./format.js";
import { fetchJSON, traceLinks } from "./api.js";
import { colorServiceDots } from "./colors.js";

const page = byId("routes-page");
const api = page.dataset.api;
const traceURL = traceLinks(page);
const body = byId("active").tBodies[0];
const count = byId("active-count");
const notice = byId("active-notice");

async function refresh() {
  try {
    const active = await fetchJSON(`${api}/active`);
    const requests = [...active.requests].sort((a, b) => b.elapsedNanos - a.elapsedNanos);
    count.textContent = `${requests.length} now`;
    notice.textContent = requests.length === 0 ? "No request is in flight." : "";
    body.replaceChildren(...requests.map((request) => el("tr", {},
      el("td", { text: request.serviceName }),
      el("td", {}, el("b", { text: request.method }), " ", el("span", { text: request.route ?? request.path }),
        request.route && request.route !== request.path ? el("div", { class: "muted", text: request.path }) : null),
      el("td", { class: "num", text: durationText(request.elapsedNanos) }),
      el("td", { class: "mono", text: timeText(request.startTimeUnixNano) }),
      el("td", {}, el("a", { class: "mono", attrs: { href: traceURL(request.traceId), title: "The trace shows once the request completes" }, text: request.traceId.slice(0, 12) })))));
  } catch (error) {
    notice.textContent = `Requests in flight are not available: ${error.message}`;
  }
  document.documentElement.dataset.ready = "true";
}

colorServiceDots();
refresh();
setInterval(() => { if (!document.hidden) refresh(); }, 1000);
