// The JSON API the pages read (documented in docs/trace-api.md): fetching, its error shape,
// and its trace summaries.

import { unixMillis } from "./format.js";

/** The non-empty fields of a form or query, as a query: an empty field means "no filter". */
export function searchParameters(entries) {
  const query = new URLSearchParams();
  for (const [name, value] of entries) {
    if (typeof value === "string" && value.trim() !== "") query.append(name, value.trim());
  }
  return query;
}

/** GETs JSON; a 4xx or 5xx becomes an Error with the API's message, parameter and position. */
export async function fetchJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body?.error;
    const where = [error?.parameter && `in ${error.parameter}`, error?.position !== undefined && error?.position !== null && `at position ${error.position}`]
      .filter(Boolean).join(" ");
    throw new Error(error?.message ? `${error.message}${where ? ` (${where})` : ""}` : `The server answered ${response.status}.`);
  }
  return body;
}

/** One trace summary of the list or the stream, with its start in milliseconds for plotting. */
export function summaryOf(raw) {
  return { ...raw, startMillis: unixMillis(raw.startTimeUnixNano) };
}

/**
 * The trace page's URL for a trace id, under the base that `page`'s `data-trace-base` names:
 * every page links traces the same way.
 *
 *     const traceURL = traceLinks(byId("list-page"));
 *     traceURL("4bf92f3577b34da6a3ce929d0e0e4736") // "/debug/traces/ui/trace/4bf9…"
 */
export function traceLinks(page) {
  const base = page.dataset.traceBase;
  return (traceId) => `${base}${encodeURIComponent(traceId)}`;
}
