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

// The Indonesian labels of every code (GET /v1/labels, the table the chat's answers use too),
// set once after login by app.js.
let LABELS = {};
export function setLabels(tables) {
  LABELS = tables || {};
}

/** Every [code, label] of one table, in the table's order (the choices of a form field). */
export function labelTable(kind) {
  return Object.entries(LABELS[kind] || {});
}

/** A code's label ("ELIG-GOL" -> "Golongan minimal"); a code no table knows, in its own
 * words ("TUGAS_BELAJAR" -> "Tugas belajar"), never bare (the same rule as
 * potret_asn_rules.labels.label). */
export function label(kind, code) {
  if (code === null || code === undefined || code === "") return "";
  const found = (LABELS[kind] || {})[code];
  if (found) return found;
  const words = String(code).replaceAll("_", " ").trim();
  return words === words.toUpperCase() && /[A-Z]/.test(words)
    ? words.charAt(0) + words.slice(1).toLowerCase()
    : words;
}

// Numbers, dates and times as Indonesians write them (0,68; 26 September 1986), times in
// the regency's time zone (WIB unless the gateway says otherwise).
const grouped = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 0 });
/** x with `digits` decimals rounded as the services round (Python's format: the exact binary
 * value, a tie to even), so that the card's "skor 0,07" is the explanation's "Skor 0,07"
 * (Intl rounds the shortest decimal, 0.075 -> 0,08), then written the Indonesian way. */
function fixed(x, digits) {
  let text = x.toFixed(digits); // rounds the exact binary value; an exact tie goes up
  const exact = Math.abs(x).toFixed(digits + 25); // exact digits: a tie is "5" then zeros
  if (/^50*$/.test(exact.slice(exact.length - 25))) {
    const last = Number(text.at(-1));
    if (last % 2 === 1) { // went up to odd: the even neighbour is one step down
      const step = 10 ** -digits;
      text = (Math.sign(x) * (Math.abs(Number(text)) - step)).toFixed(digits);
    }
  }
  const [whole, frac] = text.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const body = grouped.format(Math.abs(Number(whole)));
  return `${sign}${body}${frac ? `,${frac}` : ""}`;
}
const number = (digits) => ({ format: (x) => fixed(x, digits) });
const zone = () => (LABELS.settings || {}).time_zone || "Asia/Jakarta";
const zoneName = () => (LABELS.settings || {}).time_zone_label || "WIB";
export const fmt = {
  score: (x) => number(2).format(Number(x) || 0),
  num: (x, digits = 0) => number(digits).format(Number(x) || 0),
  pct: (x) => `${number(0).format(Math.round((Number(x) || 0) * 100))}%`,
  /** "2026-12-06" or an ISO timestamp -> "6 Desember 2026" (a date is a calendar day: no zone). */
  date: (iso) => {
    if (!iso) return "";
    const day = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : new Date(iso);
    if (Number.isNaN(day.getTime())) return String(iso);
    const timeZone = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? "UTC" : zone();
    return new Intl.DateTimeFormat("id-ID", { day: "numeric", month: "long", year: "numeric", timeZone }).format(day);
  },
  /** "2028-02-15" -> "Februari 2028" (an estimate: the month, not a day). */
  month: (iso) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso || "")) return iso ? String(iso) : "";
    return new Intl.DateTimeFormat("id-ID", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
  },
  /** An ISO timestamp -> "6 Desember 2026 07.21 WIB". */
  time: (iso) => {
    const at = new Date(iso);
    if (!iso || Number.isNaN(at.getTime())) return iso ? String(iso) : "";
    const text = new Intl.DateTimeFormat("id-ID", {
      day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: zone(),
    }).format(at);
    return `${text} ${zoneName()}`;
  },
};

/** Append children like h() does: arrays flattened, null/false skipped, strings as text. */
export function add(el, ...children) {
  return append(el, children);
}
