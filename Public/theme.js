// Loaded as a classic script in <head>, before the first paint: a remembered choice applies
// without a flash of the other theme. Without a choice the page follows prefers-color-scheme.
(() => {
  const key = "spanscope.theme";
  const root = document.documentElement;
  const stored = (() => {
    try { return localStorage.getItem(key); } catch { return null; }
  })();
  if (stored === "dark" || stored === "light") root.dataset.theme = stored;

  const systemDark = () => window.matchMedia("(prefers-color-scheme: dark)").matches;
  const effective = () => root.dataset.theme || (systemDark() ? "dark" : "light");

  document.addEventListener("DOMContentLoaded", () => {
    const toggle = document.getElementById("theme-toggle");
    if (!toggle) return;
    const label = () => {
      const next = effective() === "dark" ? "light" : "dark";
      toggle.setAttribute("aria-label", `Switch to ${next} mode`);
      toggle.title = `Switch to ${next} mode (remembered)`;
      toggle.setAttribute("aria-pressed", String(effective() === "dark"));
    };
    label();
    toggle.addEventListener("click", () => {
      const next = effective() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem(key, next); } catch { /* private mode: the choice lasts this page */ }
      label();
      document.dispatchEvent(new CustomEvent("spanscope:theme"));
    });
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
      label();
      document.dispatchEvent(new CustomEvent("spanscope:theme"));
    });
  });
})();
