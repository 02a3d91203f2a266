// The waterfall: one row per visible span, bars on a time axis. Rows are virtualized: only
// the rows in the viewport plus an overscan exist in the DOM, so a trace of 10,000 spans
// scrolls as smoothly as one of ten.

import { el } from "./dom.js";
import { durationText, niceStep, tickText } from "./format.js";
import { ancestry } from "./trace-model.js";

const OVERSCAN = 12;
const MAX_EVENT_MARKS = 40;
const FINDING_LABELS = {
  bottleneck: "bottleneck",
  nPlusOne: "N+1",
  sequentialCalls: "sequential",
  retries: "retries",
  errorCause: "error cause",
};

export class Waterfall {
  /**
   * @param {HTMLElement} root the `.waterfall` element, empty
   * @param {ReturnType<import("./trace-model.js").traceModel>} model
   * @param {{onSelect?: (index: number) => void}} options
   */
  constructor(root, model, { onSelect } = {}) {
    this.root = root;
    this.model = model;
    this.onSelect = onSelect ?? (() => {});
    this.collapsed = new Uint8Array(model.spans.length);
    this.view = { start: 0, end: model.duration };
    this.selected = -1;
    this.matches = new Set();
    this.currentMatch = -1;
    this.rendered = new Map(); // span index -> row element
    this.version = 0; // bumped when every rendered row must be rebuilt
    this.frame = 0;

    this.axis = el("div", { class: "wf-axis", attrs: { "aria-hidden": "true" } });
    this.head = el("div", { class: "wf-head" },
      el("div", { text: "Service · operation" }),
      el("div", { class: "wf-self-head", text: "Self", attrs: { title: "Self time: the span's own time, children excluded" } }),
      this.axis);
    this.spacer = el("div", { class: "wf-spacer" });
    this.body = el("div", {
      class: "wf-body",
      attrs: { tabindex: "0", role: "tree", "aria-label": "Spans of the trace", "aria-multiselectable": "false" },
    }, this.spacer);
    this.gridlines = el("div", { class: "wf-gridlines", attrs: { "aria-hidden": "true" } });
    root.replaceChildren(this.head, this.body, this.gridlines);

    this.rowHeight = parseFloat(getComputedStyle(root).getPropertyValue("--row-height")) || 22;
    this.body.addEventListener("scroll", () => this.schedule());
    new ResizeObserver(() => { this.layoutAxis(); this.schedule(); }).observe(this.body);
    this.body.addEventListener("click", (event) => this.clicked(event));
    this.body.addEventListener("dblclick", (event) => {
      const row = event.target.closest?.(".wf-row");
      if (row && !event.target.closest(".wf-toggle")) this.toggle(Number(row.dataset.index));
    });
    this.recompute();
  }

  // Visible rows

  /** Recomputes which spans are visible (collapse hides subtrees) and redraws. */
  recompute() {
    const spans = this.model.spans;
    const visible = [];
    this.rowOf = new Int32Array(spans.length).fill(-1);
    for (let index = 0; index < spans.length;) {
      this.rowOf[index] = visible.length;
      visible.push(index);
      index += this.collapsed[index] ? spans[index].descendants + 1 : 1;
    }
    this.visible = visible;
    this.spacer.style.height = `${visible.length * this.rowHeight}px`;
    this.invalidate();
  }

  /** Rebuilds every rendered row on the next frame. */
  invalidate() {
    this.version += 1;
    this.schedule();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Draws now: the rows in view plus the overscan, and the axis. */
  render() {
    const top = this.body.scrollTop;
    const height = this.body.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / this.rowHeight) - OVERSCAN);
    const last = Math.min(this.visible.length - 1, Math.ceil((top + height) / this.rowHeight) + OVERSCAN);
    const wanted = new Set();
    for (let row = first; row <= last; row++) wanted.add(this.visible[row]);
    for (const [index, node] of this.rendered) {
      if (!wanted.has(index) || node.dataset.version !== String(this.version)) {
        node.remove();
        this.rendered.delete(index);
      }
    }
    const fresh = document.createDocumentFragment();
    for (let row = first; row <= last; row++) {
      const index = this.visible[row];
      let node = this.rendered.get(index);
      if (!node) {
        node = this.row(index);
        this.rendered.set(index, node);
        fresh.append(node);
      }
      node.style.transform = `translateY(${row * this.rowHeight}px)`;
      node.setAttribute("aria-posinset", String(row + 1));
    }
    this.spacer.append(fresh);
    this.layoutAxis();
  }

  /** One row's element for a span. */
  row(index) {
    const span = this.model.spans[index];
    const classes = ["wf-row"];
    if (span.error) classes.push("error");
    if (span.critical) classes.push("critical");
    if (index === this.selected) classes.push("selected");
    if (this.matches.has(index)) classes.push("match");
    if (index === this.currentMatch) classes.push("current-match");

    const hasChildren = span.children > 0;
    const toggle = el("button", {
      class: hasChildren ? "wf-toggle" : "wf-toggle leaf",
      text: this.collapsed[index] ? "▶" : "▼",
      attrs: { type: "button", tabindex: "-1", "aria-label": this.collapsed[index] ? "Expand" : "Collapse" },
    });
    const label = el("div", { class: "wf-label" },
      toggle,
      el("span", { class: `dot svc-${span.color}` }),
      el("span", { class: "wf-service", text: span.service }),
      el("span", { class: "wf-name", text: span.name }),
      span.error ? el("span", { class: "wf-error-mark", text: "!", attrs: { title: span.status.message ?? "error" } }) : null,
      hasChildren && this.collapsed[index]
        ? el("span", { class: "wf-count", text: `+${span.descendants}` })
        : null,
      ...span.findings.map((kind) => el("span", { class: "wf-finding-mark", text: FINDING_LABELS[kind] ?? kind })));
    label.style.paddingLeft = `${Math.min(span.depth, 40) * 12}px`;

    const track = el("div", { class: "wf-track" });
    const view = this.view;
    const scale = 100 / Math.max(1, view.end - view.start);
    const left = (span.start - view.start) * scale;
    const width = span.duration * scale;
    const bar = el("div", { class: `wf-bar svc-${span.color}` });
    bar.style.left = `${left}%`;
    bar.style.width = `${width}%`;
    track.append(bar);
    for (const segment of span.criticalSegments) {
      const mark = el("div", { class: "wf-crit" });
      mark.style.left = `${(segment.start - view.start) * scale}%`;
      mark.style.width = `${(segment.end - segment.start) * scale}%`;
      track.append(mark);
    }
    for (const event of span.events.slice(0, MAX_EVENT_MARKS)) {
      const mark = el("div", { class: "wf-event" });
      mark.style.left = `${(event.offsetNanos - view.start) * scale}%`;
      track.append(mark);
    }
    // Beside the bar; for a span outside a zoomed window, at the edge it lies beyond.
    const text = el("span", { class: "wf-bar-label", text: durationText(span.duration) });
    if (left + width < 0) {
      text.textContent = `◂ ${text.textContent}`;
      text.style.left = "4px";
    } else if (left > 100) {
      text.textContent = `${text.textContent} ▸`;
      text.style.right = "4px";
    } else if (left + width < 82) {
      text.style.left = `calc(${left + width}% + 4px)`;
    } else if (left > 12) {
      text.style.right = `calc(${100 - left}% + 4px)`;
    } else {
      // No room on either side: inside the bar, where it starts.
      text.classList.add("inside");
      text.style.left = `calc(${Math.max(0, left)}% + 4px)`;
    }
    track.append(text);

    const node = el("div", {
      class: classes.join(" "),
      attrs: {
        role: "treeitem",
        "aria-level": span.depth + 1,
        "aria-expanded": hasChildren ? String(!this.collapsed[index]) : undefined,
        "aria-selected": String(index === this.selected),
        "aria-setsize": this.visible.length,
        title: `${span.service} · ${span.name} · ${durationText(span.duration)}`,
      },
      dataset: { index, spanId: span.id, version: this.version },
    }, label, el("div", { class: "wf-self", text: durationText(span.self) }), track);
    return node;
  }

  /** Ticks in the header and gridlines over the rows, for the current view window. */
  layoutAxis() {
    // The body's scrollbar narrows its track: give the header the same inset so ticks and bars align.
    const scrollbar = this.body.offsetWidth - this.body.clientWidth;
    const layout = `${this.version} ${scrollbar} ${this.root.clientWidth}`;
    if (layout === this.axisLayout) return; // scrolling alone moves no tick
    this.axisLayout = layout;
    this.head.style.paddingRight = `${scrollbar}px`;
    const axisBox = this.axis.getBoundingClientRect();
    const rootBox = this.root.getBoundingClientRect();
    this.gridlines.style.left = `${axisBox.left - rootBox.left}px`;
    this.gridlines.style.width = `${axisBox.width}px`;

    const { start, end } = this.view;
    const range = Math.max(1, end - start);
    const step = niceStep(range, Math.max(2, Math.floor(axisBox.width / 90)));
    const ticks = [];
    const lines = [];
    for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
      const x = `${((t - start) / range) * 100}%`;
      const tick = el("div", { class: "wf-tick", text: tickText(t, step) });
      tick.style.left = x;
      ticks.push(tick);
      const line = el("div");
      line.style.left = x;
      lines.push(line);
    }
    this.axis.replaceChildren(...ticks);
    this.gridlines.replaceChildren(...lines);
  }

  // Interaction

  clicked(event) {
    const row = event.target.closest?.(".wf-row");
    if (!row) return;
    const index = Number(row.dataset.index);
    if (event.target.closest(".wf-toggle")) {
      this.toggle(index);
      return;
    }
    this.select(index);
  }

  /** Collapses or expands one span's subtree. */
  toggle(index) {
    if (this.model.spans[index].children === 0) return;
    this.collapsed[index] = this.collapsed[index] ? 0 : 1;
    this.recompute();
  }

  /** Collapses the deepest level of expanded spans that are visible. */
  collapseLevel() {
    const expanded = this.visible.filter((index) => this.model.spans[index].children > 0 && !this.collapsed[index]);
    if (expanded.length === 0) return;
    const depth = Math.max(...expanded.map((index) => this.model.spans[index].depth));
    for (const index of expanded) if (this.model.spans[index].depth === depth) this.collapsed[index] = 1;
    this.recompute();
  }

  /** Expands the shallowest level of collapsed spans that are visible. */
  expandLevel() {
    const folded = this.visible.filter((index) => this.collapsed[index]);
    if (folded.length === 0) return;
    const depth = Math.min(...folded.map((index) => this.model.spans[index].depth));
    for (const index of folded) if (this.model.spans[index].depth === depth) this.collapsed[index] = 0;
    this.recompute();
  }

  /** Leaves only the roots. */
  collapseAll() {
    this.model.spans.forEach((span, index) => { this.collapsed[index] = span.children > 0 ? 1 : 0; });
    this.recompute();
  }

  expandAll() {
    this.collapsed.fill(0);
    this.recompute();
  }

  /** Expands every ancestor of a span, so that it has a row. */
  reveal(index) {
    let changed = false;
    for (const ancestor of ancestry(this.model, index).slice(0, -1)) {
      if (this.collapsed[ancestor]) {
        this.collapsed[ancestor] = 0;
        changed = true;
      }
    }
    if (changed) this.recompute();
  }

  /** Selects a span: reveals it, scrolls it into view and reports it. */
  select(index, { center = false, focus = false } = {}) {
    if (index < 0 || index >= this.model.spans.length) return;
    this.selected = index;
    this.reveal(index);
    this.scrollTo(index, center);
    this.invalidate();
    if (focus) this.body.focus({ preventScroll: true });
    this.onSelect(index);
  }

  /** Scrolls the first row whose span starts in the time window into view, unless it is in view. */
  scrollToView() {
    const row = this.visible.findIndex((index) => this.model.spans[index].start >= this.view.start && this.model.spans[index].start <= this.view.end);
    if (row >= 0 && (row * this.rowHeight < this.body.scrollTop || row * this.rowHeight > this.body.scrollTop + this.body.clientHeight)) {
      this.body.scrollTop = row * this.rowHeight;
    }
  }

  /** Scrolls so that a visible span's row is in view. */
  scrollTo(index, center = false) {
    const row = this.rowOf[index];
    if (row < 0) return;
    const top = row * this.rowHeight;
    const height = this.body.clientHeight;
    if (center) this.body.scrollTop = Math.max(0, top - height / 2 + this.rowHeight / 2);
    else if (top < this.body.scrollTop) this.body.scrollTop = top;
    else if (top + this.rowHeight > this.body.scrollTop + height) this.body.scrollTop = top + 2 * this.rowHeight - height;
  }

  /** Moves the selection by `delta` visible rows (±1, or a page). */
  move(delta) {
    if (this.visible.length === 0) return;
    const row = this.selected >= 0 ? this.rowOf[this.selected] : -1;
    const next = Math.min(this.visible.length - 1, Math.max(0, row < 0 ? 0 : row + delta));
    this.select(this.visible[next]);
  }

  /** Right arrow: expand, or go to the first child. */
  right() {
    const index = this.selected;
    if (index < 0) return this.move(0);
    if (this.model.spans[index].children === 0) return;
    if (this.collapsed[index]) this.toggle(index);
    else this.select(index + 1);
  }

  /** Left arrow: collapse, or go to the parent. */
  left() {
    const index = this.selected;
    if (index < 0) return this.move(0);
    const span = this.model.spans[index];
    if (span.children > 0 && !this.collapsed[index]) this.toggle(index);
    else if (span.parent >= 0) this.select(span.parent);
  }

  /** The next span after the selection (wrapping) for which `test` holds. */
  next(test, backwards = false) {
    const spans = this.model.spans;
    const count = spans.length;
    for (let step = 1; step <= count; step++) {
      const index = ((this.selected < 0 ? (backwards ? 0 : -1) : this.selected) + (backwards ? -step : step) + count) % count;
      if (test(spans[index])) {
        this.select(index);
        return index;
      }
    }
    return -1;
  }

  /** The time window shown, in nanoseconds from the trace's start. */
  setView(start, end) {
    const min = Math.max(1, this.model.duration / 10_000);
    if (end - start < min) end = start + min;
    this.view = { start: Math.max(0, start), end: Math.min(this.model.duration, end) };
    this.invalidate();
  }

  /** Marks search matches; `current` gets its own mark. */
  setMatches(matches, current = -1) {
    this.matches = matches;
    this.currentMatch = current;
    this.invalidate();
  }
}
