// A color per service, the same on every page: the service name's hash picks one of the
// stylesheet's twelve `svc-N` classes. Within one trace, a service whose color is taken by
// another moves on to the next free one, so that no two services of a trace look alike.

const COLORS = 12;

/** The color index a service name hashes to (FNV-1a over its UTF-16 code units). */
export function serviceColor(name) {
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index++) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % COLORS;
}

/** Colors for the services of one trace, in order of appearance: distinct while there are enough. */
export function distinctServiceColors(services) {
  const taken = new Set();
  const colors = new Map();
  for (const service of services) {
    let color = serviceColor(service);
    for (let tries = 0; tries < COLORS && taken.has(color); tries++) color = (color + 1) % COLORS;
    taken.add(color);
    colors.set(service, color);
  }
  return colors;
}

/** Gives every `.dot` inside an element with `data-service` its service's color. */
export function colorServiceDots(root = document, colorOf = serviceColor) {
  for (const holder of root.querySelectorAll("[data-service]")) {
    holder.querySelector(".dot")?.classList.add(`svc-${colorOf(holder.dataset.service)}`);
  }
}
