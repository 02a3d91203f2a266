// Building DOM from data without ever parsing data as HTML: every string from a span reaches
// the page through textContent or setAttribute. (The CSP's Trusted Types rule makes any
// innerHTML assignment throw, so a slip would show up as an error, not as an injection.)

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Makes an element. `props`: `class` (string), `text` (textContent), `attrs` (attributes),
 * `on` (event listeners), `dataset`; further arguments are children (nodes or strings).
 *
 *     el("a", { class: "trace-link", attrs: { href: url }, text: span.name })
 */
export function el(tag, props = {}, ...children) {
  return build(document.createElement(tag), props, children);
}

/** The same as `el`, in the SVG namespace. */
export function svg(tag, props = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

function build(node, props, children) {
  if (props.class) node.setAttribute("class", props.class);
  if (props.text !== undefined) node.textContent = String(props.text);
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, String(value));
  }
  for (const [name, value] of Object.entries(props.dataset ?? {})) node.dataset[name] = String(value);
  for (const [type, listener] of Object.entries(props.on ?? {})) node.addEventListener(type, listener);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** The element with this id, or an error that names it. */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing #${id}`);
  return node;
}

/** True while the user types in a field, when single-key shortcuts must not fire. */
export function isTyping(event) {
  const target = event.target;
  return target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName));
}
