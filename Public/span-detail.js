// The selected span in full: identity, timing, status, attributes, resource, events, links
// (a click follows them) and what the limits dropped.

import { el } from "./dom.js";
import { durationText } from "./format.js";

/**
 * Fills `root` with the detail of one span.
 * @param {HTMLElement} root
 * @param {ReturnType<import("./trace-model.js").traceModel>} model
 * @param {number} index
 * @param {{traceURL: (traceId: string) => string, onClose: () => void}} options
 */
export function renderSpanDetail(root, model, index, { traceURL, onClose }) {
  const span = model.spans[index];
  const parent = span.parent >= 0 ? model.spans[span.parent] : null;
  const status = span.status.code === "error"
    ? el("span", { class: "status-error", text: `error${span.status.message ? `: ${span.status.message}` : ""}` })
    : span.status.code;

  const facts = [
    ["span id", el("code", { text: span.id })],
    ["parent", parent
      ? el("a", { attrs: { href: `#span=${parent.id}` }, text: parent.name })
      : (span.raw.parentSpanId ? `${span.raw.parentSpanId}${span.raw.parentIsRemote ? " (remote)" : " (not in this trace)"}` : "none: a root")],
    ["kind", span.kind],
    ["start", `+${durationText(span.start)}`],
    ["duration", durationText(span.duration)],
    ["self time", `${durationText(span.self)}${span.duration > 0 ? ` (${Math.round((span.self / span.duration) * 100)}%)` : ""}`],
    ["critical path", span.critical ? "yes" : "no"],
    ["status", status],
    ["trace flags", `0x${span.raw.traceFlags.toString(16).padStart(2, "0")}`],
    ["trace state", span.raw.traceState || "—"],
    ["dropped", `${span.raw.droppedAttributesCount} attributes, ${span.raw.droppedEventsCount} events, ${span.raw.droppedLinksCount} links`],
  ];

  root.replaceChildren(
    el("div", { class: "detail-head" },
      el("h2", { text: span.name, attrs: { id: "detail-title" } }),
      el("button", { text: "×", attrs: { type: "button", "aria-label": "Close the span detail", title: "Close (Esc)" }, on: { click: onClose } })),
    el("div", { class: "chip" },
      el("span", { class: `dot svc-${span.color}` }),
      el("span", { text: span.service })),
    table(facts, "span"),
    section(`Attributes (${Object.keys(span.attributes).length})`, attributeTable(span.attributes)),
    section(`Resource: ${span.resource.serviceName}`, attributeTable(span.resource.attributes)),
    section(`Events (${span.events.length})`, span.events.map((event) =>
      el("div", { class: event.name === "exception" ? "event exception" : "event" },
        el("div", {}, el("b", { text: event.name }), el("span", { class: "muted", text: ` at +${durationText(event.offsetNanos)}` })),
        Object.keys(event.attributes).length > 0 ? attributeTable(event.attributes) : null,
        event.droppedAttributesCount > 0 ? el("div", { class: "muted", text: `${event.droppedAttributesCount} attributes dropped` }) : null))),
    section(`Links (${span.links.length})`, span.links.map((link) => {
      const here = link.traceId === model.traceId;
      return el("div", { class: "event" },
        el("a", {
          class: "span-link",
          attrs: { href: here ? `#span=${link.spanId}` : `${traceURL(link.traceId)}#span=${link.spanId}` },
          text: here ? `span ${link.spanId} in this trace` : `trace ${link.traceId} · span ${link.spanId}`,
        }),
        link.traceState ? el("div", { class: "muted", text: `tracestate ${link.traceState}` }) : null,
        Object.keys(link.attributes).length > 0 ? attributeTable(link.attributes) : null);
    })),
  );
}

function section(title, content) {
  const nodes = Array.isArray(content) ? content : [content];
  return el("section", {}, el("h3", { text: title }), nodes.length > 0 ? nodes : el("div", { class: "muted", text: "none" }));
}

function table(rows, label) {
  return el("table", { attrs: { "aria-label": label } },
    el("tbody", {}, rows.map(([key, value]) => el("tr", {}, el("th", { text: key, attrs: { scope: "row" } }), el("td", {}, value)))));
}

/** Typed attribute values: strings quoted by the stylesheet, numbers and booleans colored. */
function attributeTable(attributes) {
  const entries = Object.entries(attributes);
  if (entries.length === 0) return [];
  return table(entries.map(([key, value]) => [key, valueNode(value)]), "attributes");
}

function valueNode(value) {
  if (Array.isArray(value)) return el("span", {}, "[", value.map((item, i) => [i > 0 ? ", " : null, valueNode(item)]), "]");
  const kind = typeof value === "string" ? "value-string" : typeof value === "boolean" ? "value-bool" : "value-number";
  return el("span", { class: kind, text: String(value) });
}
