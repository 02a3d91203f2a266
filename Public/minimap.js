// The minimap: every span of the trace at once on a canvas (one line each, in waterfall
// order), the waterfall's time window shaded around. Drag across it to zoom the waterfall
// to that time range; click to scroll the waterfall to that part of the trace; double-click
// to see the whole trace again.

import { el } from "./dom.js";

export class Minimap {
  /**
   * @param {HTMLElement} root the `.minimap` element, empty
   * @param {ReturnType<import("./trace-model.js").traceModel>} model
   * @param {{onZoom: (start: number, end: number) => void, onPick: (index: number) => void, onReset: () => void}} handlers
   */
  constructor(root, model, { onZoom, onPick, onReset }) {
    this.root = root;
    this.model = model;
    this.canvas = el("canvas", { attrs: { "aria-hidden": "true" } });
    this.before = el("div", { class: "shade" });
    this.after = el("div", { class: "shade" });
    this.brush = el("div", { class: "brush hidden" });
    root.replaceChildren(this.canvas, this.before, this.after, this.brush);
    root.setAttribute("role", "img");
    root.setAttribute("aria-label", `Overview of ${model.spans.length} spans; drag to zoom the waterfall to a time range`);
    this.view = { start: 0, end: model.duration };

    let drag = null;
    root.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      root.setPointerCapture(event.pointerId);
      drag = { x: this.localX(event), y: event.clientY - root.getBoundingClientRect().top };
    });
    root.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const x = this.localX(event);
      this.brush.classList.toggle("hidden", Math.abs(x - drag.x) < 3);
      this.brush.style.left = `${Math.min(x, drag.x)}px`;
      this.brush.style.width = `${Math.abs(x - drag.x)}px`;
    });
    root.addEventListener("pointerup", (event) => {
      if (!drag) return;
      const x = this.localX(event);
      const width = root.clientWidth;
      this.brush.classList.add("hidden");
      if (Math.abs(x - drag.x) >= 3) {
        const time = (px) => (Math.max(0, Math.min(width, px)) / width) * model.duration;
        onZoom(time(Math.min(x, drag.x)), time(Math.max(x, drag.x)));
      } else if (model.spans.length > 0) {
        const row = Math.floor((drag.y / root.clientHeight) * model.spans.length);
        onPick(Math.max(0, Math.min(model.spans.length - 1, row)));
      }
      drag = null;
    });
    root.addEventListener("dblclick", () => onReset());

    new ResizeObserver(() => this.draw()).observe(root);
    document.addEventListener("spanscope:theme", () => this.draw());
  }

  localX(event) {
    return event.clientX - this.root.getBoundingClientRect().left;
  }

  /** Shades what lies outside the waterfall's time window. */
  setView(start, end) {
    this.view = { start, end };
    const width = this.root.clientWidth;
    const scale = width / this.model.duration;
    this.before.style.left = "0px";
    this.before.style.width = `${start * scale}px`;
    this.after.style.left = `${end * scale}px`;
    this.after.style.width = `${Math.max(0, width - end * scale)}px`;
  }

  /** Paints every span; service colors come from the stylesheet, so themes apply. */
  draw() {
    const { canvas, model } = this;
    const ratio = window.devicePixelRatio || 1;
    const width = this.root.clientWidth;
    const height = this.root.clientHeight;
    canvas.width = Math.max(1, Math.round(width * ratio));
    canvas.height = Math.max(1, Math.round(height * ratio));
    const context = canvas.getContext("2d");
    context.scale(ratio, ratio);
    context.clearRect(0, 0, width, height);

    const colors = serviceColors(this.root);
    const errorColor = resolvedColor(this.root, "", "var(--error)");
    const count = model.spans.length;
    const rowHeight = Math.max(1, height / Math.max(count, 1));
    const scale = width / model.duration;
    for (const span of model.spans) {
      context.fillStyle = span.error ? errorColor : colors[span.color];
      context.fillRect(span.start * scale, (span.index / count) * height, Math.max(1, span.duration * scale), Math.max(1, Math.min(rowHeight, 6)));
    }
    this.setView(this.view.start, this.view.end);
  }
}

/** The stylesheet's service colors, of the `svc-N` classes. */
function serviceColors(root) {
  return Array.from({ length: 12 }, (_, index) => resolvedColor(root, `svc-${index}`, "var(--svc)"));
}

/** A stylesheet color as a canvas takes it: the computed color of a probe element, where
 *  var() and the theme's light-dark() pairs are resolved (a custom property read directly is not). */
function resolvedColor(root, className, color) {
  const probe = el("span", { class: `${className} hidden` });
  probe.style.color = color;
  root.append(probe);
  const resolved = getComputedStyle(probe).color;
  probe.remove();
  return resolved;
}
