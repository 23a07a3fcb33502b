// Building the page without ever parsing text as HTML: every string becomes a text node.
const SVG_NS = "http://www.w3.org/2000/svg";

function put(el, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "class") {
      el.setAttribute("class", value);
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (key === "value" && "value" in el) {
      el.value = value;
    } else if (key === "checked" || key === "selected" || key === "disabled") {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** h("p", {class: "x"}, "text", child): an element; strings are text, never markup. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  put(el, props);
  return append(el, children);
}

/** An SVG element (charts). */
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  }
  return append(el, children);
}

/** Search highlights use <em>…</em> around matches; anything else stays literal text. */
export function highlighted(fragment) {
  const out = [];
  const parts = String(fragment).split(/(<em>|<\/em>)/);
  let inside = false;
  for (const part of parts) {
    if (part === "<em>") inside = true;
    else if (part === "</em>") inside = false;
    else if (part) out.push(inside ? h("mark", null, part) : part);
  }
  return out;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export const fmt = {
  score: (x) => (Number(x) || 0).toFixed(2),
  pct: (x) => `${Math.round((Number(x) || 0) * 100)}%`,
};

/** Append children like h() does: arrays flattened, null/false skipped, strings as text. */
export function add(el, ...children) {
  return append(el, children);
}
