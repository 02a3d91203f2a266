// A trace summary as a row of the list's results and of the live tail: both pages show the
// same document of the API (`docs/trace-api.md`, "Trace summary") the same way.

import { el } from "./dom.js";
import { timeText } from "./format.js";
import { serviceColor } from "./colors.js";

/**
 * The row's cells: start, root (with its status code, service and route), services, then
 * `duration` (the page's own cell), spans and errors. Start and root link to `href`.
 */
export function summaryCells(trace, href, duration) {
  return [
    el("td", {}, el("a", { class: "mono", attrs: { href }, text: timeText(trace.startTimeUnixNano) })),
    el("td", {},
      el("a", { class: "root-name", attrs: { href }, text: trace.rootName }),
      trace.statusCode ? [" ", el("span", { class: trace.statusCode >= 500 ? "badge error" : "badge", text: trace.statusCode })] : null,
      el("div", { class: "muted", text: `${trace.rootService} · ${trace.route}` })),
    el("td", {}, trace.services.map((service) =>
      el("span", { class: "chip" }, el("span", { class: `dot svc-${serviceColor(service)}` }), el("span", { text: service })))),
    duration,
    el("td", { class: "num", text: trace.spanCount }),
    el("td", { class: trace.errorCount > 0 ? "num error-text" : "num", text: trace.errorCount }),
  ];
}
