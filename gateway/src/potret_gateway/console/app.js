// Potret console: a hash router over a few pages, all data from the /v1 API with the
// caller's own token (same auth, same audit as any other client).
import { add, clear, h, setLabels } from "./dom.js";
import { askPage } from "./pages/ask.js";
import { auditPage } from "./pages/audit.js";
import { comparePage } from "./pages/compare.js";
import { correctionsPage } from "./pages/corrections.js";
import { gridPage } from "./pages/grid.js";
import { positionPage, positionsPage } from "./pages/position.js";
import { printPage } from "./pages/print.js";
import { profilePage } from "./pages/profile.js";
import { qualityPage } from "./pages/quality.js";
import { searchPage } from "./pages/search.js";
import { shortlistPage, shortlistsPage } from "./pages/shortlists.js";

const TOKEN = "potret.token";
const RETURN_TO = "potret.returnTo";
export const session = { me: null };

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title || `Galat ${status}`);
    this.status = status;
    this.problem = problem;
  }
  /** An Indonesian sentence for the user (never a stack trace). */
  get text() {
    const p = this.problem || {};
    const fields = (p.errors || []).map((e) => `${e.field}: ${e.message}`).join("; ");
    const detail = typeof p.detail === "string" ? p.detail.split(" / ")[0] : "";
    return [p.title || "Terjadi kesalahan", fields || detail].filter(Boolean).join(" — ");
  }
}

function toLogin() {
  sessionStorage.removeItem(TOKEN);
  session.me = null;
  if (!location.hash.startsWith("#/masuk")) {
    sessionStorage.setItem(RETURN_TO, location.hash || "#/");
  }
  location.hash = "#/masuk";
}

/** Call the API; 401 sends the user to the login page (drafts are kept by the pages). */
export async function api(path, { method = "GET", body, form, raw = false } = {}) {
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN);
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (form) {
    payload = new URLSearchParams(form);
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let resp;
  try {
    resp = await fetch(path, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, { title: "Tidak dapat menghubungi server Potret" });
  }
  const type = resp.headers.get("content-type") || "";
  const data = type.includes("json") ? await resp.json() : await resp.text();
  if (resp.status === 401 && !form) {
    toLogin();
    throw new ApiError(401, { title: "Sesi berakhir; silakan masuk lagi" });
  }
  if (!resp.ok) throw new ApiError(resp.status, typeof data === "object" ? data : { title: data });
  // raw: with the request id the gateway gave this call (its audit entry carries the same)
  return raw ? { data, requestId: resp.headers.get("x-request-id") || "" } : data;
}

/** Fetch a file with the caller's token and hand it to the browser as a download. */
export async function download(path, fallbackName) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN);
  if (token) headers.Authorization = `Bearer ${token}`;
  let resp;
  try {
    resp = await fetch(path, { headers });
  } catch {
    throw new ApiError(0, { title: "Tidak dapat menghubungi server Potret" });
  }
  if (resp.status === 401) {
    toLogin();
    throw new ApiError(401, { title: "Sesi berakhir; silakan masuk lagi" });
  }
  if (!resp.ok) {
    const type = resp.headers.get("content-type") || "";
    throw new ApiError(resp.status, type.includes("json") ? await resp.json() : { title: await resp.text() });
  }
  const named = /filename="([^"]+)"/.exec(resp.headers.get("content-disposition") || "");
  const url = URL.createObjectURL(await resp.blob());
  const link = h("a", { href: url, download: named ? named[1] : fallbackName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function toast(message) {
  const el = document.getElementById("toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.hidden = true), 6000);
}

/** An error as an Indonesian message in the page (and the toast). */
export function errorBox(err) {
  const text = err instanceof ApiError ? err.text : "Terjadi kesalahan pada konsol";
  if (!(err instanceof ApiError)) console.error(err);
  return h("p", { class: "error", role: "alert" }, text);
}

export const can = (scope) => Boolean(session.me && session.me.scopes.includes(scope));

function loginPage(main) {
  const user = h("input", { id: "username", name: "username", autocomplete: "username", required: true });
  const pass = h("input", {
    id: "password", name: "password", type: "password", autocomplete: "current-password", required: true,
  });
  const status = h("p", { class: "error", role: "alert" });
  const form = h("form", { class: "card login", "aria-labelledby": "login-title" },
    h("h2", { id: "login-title" }, "Masuk ke Potret"),
    h("label", { for: "username" }, "Nama pengguna"), user,
    h("label", { for: "password" }, "Kata sandi"), pass,
    h("button", { type: "submit" }, "Masuk"),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    try {
      const tok = await api("/v1/auth/token", { method: "POST", form: { username: user.value, password: pass.value } });
      sessionStorage.setItem(TOKEN, tok.access_token);
      const back = sessionStorage.getItem(RETURN_TO) || "#/";
      sessionStorage.removeItem(RETURN_TO);
      await loadMe();
      const target = back === "#/masuk" ? "#/" : back;
      if (location.hash === target) route();
      else location.hash = target;
    } catch (err) {
      status.textContent = err instanceof ApiError && err.status === 401
        ? "Nama pengguna atau kata sandi salah."
        : (err.text || "Gagal masuk");
    }
  });
  add(clear(main), form);
  user.focus();
}

async function loadMe() {
  session.me = await api("/v1/auth/me");
  // The labels of every code, once per session; without them codes are shown as words.
  try {
    setLabels(await api("/v1/labels"));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) throw err;
  }
}

function renderChrome() {
  const nav = clear(document.getElementById("nav"));
  const who = clear(document.getElementById("who"));
  const me = session.me;
  if (!me) return;
  const links = [];
  if (can("search")) links.push(["#/tanya", "Tanya Potret"], ["#/cari", "Cari"]);
  if (can("rank") && me.role !== "asn") links.push(["#/jabatan", "Jabatan"], ["#/daftar", "Daftar pendek"], ["#/peta", "Peta talenta"]);
  if (can("profiles:read") && me.role !== "asn") links.push(["#/mutu", "Mutu data"]);
  if (can("admin") && !me.opd) links.push(["#/koreksi", "Koreksi"], ["#/audit", "Jejak audit"]);
  if (me.nip) links.push([`#/profil/${me.nip}`, "Profil saya"]);
  for (const [href, label] of links) {
    const current = location.hash.startsWith(href) ? "page" : undefined;
    add(nav, h("a", { href, "aria-current": current }, label));
  }
  const limit = me.opd ? ` · ${me.opd}` : "";
  add(who, 
    h("span", null, `${me.name} (${me.role_name || me.role || "aplikasi"}${limit})`),
    h("button", { type: "button", class: "link", onclick: () => { sessionStorage.removeItem(TOKEN); session.me = null; location.hash = "#/masuk"; } }, "Keluar"),
  );
}

function home() {
  const me = session.me;
  if (can("search")) return "#/tanya";
  if (me && me.nip) return `#/profil/${me.nip}`;
  return "#/jabatan";
}

export async function route() {
  const main = document.getElementById("main");
  const hash = location.hash || "#/";
  if (hash.startsWith("#/masuk")) {
    renderChrome();
    return loginPage(main);
  }
  if (!sessionStorage.getItem(TOKEN)) return toLogin();
  try {
    if (!session.me) await loadMe();
  } catch (err) {
    return add(clear(main), errorBox(err));
  }
  renderChrome();
  const [, page, arg, arg2] = hash.split("/").map(decodeURIComponent);
  // Each visit renders into its own container: a slower, older visit cannot add to a newer one.
  const view = h("div", { class: "view" });
  add(clear(main), view);
  const pages = {
    tanya: () => askPage(view),
    cari: () => searchPage(view),
    jabatan: () => (arg ? positionPage(view, arg) : positionsPage(view)),
    peta: () => gridPage(view),
    mutu: () => qualityPage(view),
    koreksi: () => correctionsPage(view),
    audit: () => auditPage(view),
    profil: () => profilePage(view, arg || session.me.nip),
    cetak: () => printPage(view, arg),
    daftar: () => (arg ? shortlistPage(view, arg) : shortlistsPage(view)),
    bandingkan: () => comparePage(view, arg, arg2),
  };
  const show = pages[page];
  if (!show) {
    location.hash = home();
    return;
  }
  try {
    await show();
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) add(view, errorBox(err));
  }
  // Move focus to the new page for screen readers, unless the page already put it somewhere
  // (e.g. the question box) or the user is already typing there.
  if (!main.contains(document.activeElement)) main.focus({ preventScroll: true });
}

window.addEventListener("hashchange", route);
route();
