// A trace in Spanscope's JSON (schema version 1, TraceJSONEncoder.swift) made ready for the
// waterfall: spans stay in the document's depth-first order, so every subtree is one
// contiguous run of indexes, [index, index + descendants].

import { distinctServiceColors } from "./colors.js";

/**
 * One span as the page uses it.
 * @typedef {{
 *   index: number, id: string, parent: number, depth: number, name: string, kind: string,
 *   start: number, duration: number, end: number, service: string, color: number,
 *   resource: object, attributes: object, events: object[], links: object[], status: object,
 *   error: boolean, self: number, critical: boolean, criticalSegments: {start: number, end: number}[],
 *   findings: string[], children: number, descendants: number, raw: object
 * }} Span
 */

/** Builds the page's model of a trace document. */
export function traceModel(doc) {
  const resources = doc.resources ?? [];
  const analysis = doc.analysis ?? { selfTimeNanos: {}, criticalPath: [], criticalPathSpanIds: [], findings: [] };

  // Services in the order they first appear, each with a color of its own.
  const services = [...new Set(doc.spans.map((span) => resources[span.resource]?.serviceName ?? ""))];
  const colors = distinctServiceColors(services);

  const critical = new Set(analysis.criticalPathSpanIds ?? []);
  const segments = new Map();
  for (const segment of analysis.criticalPath ?? []) {
    const list = segments.get(segment.spanId) ?? [];
    list.push({ start: segment.startOffsetNanos, end: segment.endOffsetNanos });
    segments.set(segment.spanId, list);
  }
  const findingsBySpan = new Map();
  for (const finding of analysis.findings ?? []) {
    for (const id of finding.spanIds) {
      const kinds = findingsBySpan.get(id) ?? [];
      if (!kinds.includes(finding.kind)) kinds.push(finding.kind);
      findingsBySpan.set(id, kinds);
    }
  }

  const indexById = new Map();
  doc.spans.forEach((span, index) => { if (!indexById.has(span.spanId)) indexById.set(span.spanId, index); });

  /** @type {Span[]} */
  const spans = doc.spans.map((raw, index) => {
    const service = resources[raw.resource]?.serviceName ?? "";
    const parent = raw.parentSpanId !== null && raw.depth > 0 ? (indexById.get(raw.parentSpanId) ?? -1) : -1;
    return {
      index,
      id: raw.spanId,
      parent,
      depth: raw.depth,
      name: raw.name,
      kind: raw.kind,
      start: raw.startOffsetNanos,
      duration: raw.durationNanos,
      end: raw.startOffsetNanos + raw.durationNanos,
      service,
      color: colors.get(service),
      resource: resources[raw.resource] ?? { serviceName: "", attributes: {} },
      attributes: raw.attributes,
      events: raw.events,
      links: raw.links,
      status: raw.status,
      error: raw.status.code === "error",
      self: analysis.selfTimeNanos?.[raw.spanId] ?? raw.durationNanos,
      critical: critical.has(raw.spanId),
      criticalSegments: segments.get(raw.spanId) ?? [],
      findings: findingsBySpan.get(raw.spanId) ?? [],
      children: 0,
      descendants: 0,
      raw,
    };
  });

  // Depth-first order: walking backwards, every child is counted before its parent.
  for (let index = spans.length - 1; index >= 0; index--) {
    const parent = spans[index].parent;
    if (parent >= 0) {
      spans[parent].children += 1;
      spans[parent].descendants += spans[index].descendants + 1;
    }
  }

  const duration = Math.max(1, doc.durationNanos, ...spans.map((span) => span.end));
  return {
    traceId: doc.traceId,
    startTimeUnixNano: doc.startTimeUnixNano,
    duration,
    spans,
    services,
    colors,
    indexById,
    findings: analysis.findings ?? [],
  };
}

/** The span and every ancestor of it, root first. */
export function ancestry(model, index) {
  const chain = [];
  for (let at = index; at >= 0; at = model.spans[at].parent) chain.unshift(at);
  return chain;
}

/** The text a search looks in: name, service, ids, kind and every attribute key and value. */
export function searchText(span) {
  const parts = [span.name, span.service, span.id, span.kind, span.status.message ?? ""];
  for (const [key, value] of Object.entries(span.attributes)) parts.push(key, valueText(value));
  for (const event of span.events) parts.push(event.name);
  return parts.join("\u0000").toLowerCase();
}

/** An attribute value as text: arrays joined, strings as they are. */
export function valueText(value) {
  return Array.isArray(value) ? value.map(valueText).join(", ") : String(value);
}
