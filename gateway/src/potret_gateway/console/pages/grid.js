// Talent map: the 9-box for an OPD or the whole regency; a box opens its people.
import { api, errorBox, session } from "../app.js";
import { add, clear, h, s } from "../dom.js";
import { downloadButtons, opdPicker, peopleFor, personLink, unknownOpd } from "./common.js";

// Rows top to bottom = potential high..low; columns left to right = performance below,
// as, above expectation. PermenPANRB 3/2020 numbers the boxes by priority, not by position:
// 9 above/high, 8 as/high, 7 above/medium, 6 below/high, 5 as/medium, 4 above/low,
// 3 below/medium, 2 as/low, 1 below/low.
export const LAYOUT = [[6, 8, 9], [3, 5, 7], [1, 2, 4]];

export async function gridPage(main) {
  let shown = "";
  const [opd, opdSuggestions] = opdPicker("opd", session.me.opd || "", { placeholder: "kosong = seluruh kabupaten", disabled: Boolean(session.me.opd) });
  const notice = h("p", { class: "warning", role: "status", id: "opd-notice" });
  const grid = h("div", { class: "grid-wrap" });
  const members = h("section", { class: "members", "aria-live": "polite" });

  async function load() {
    clear(members);
    const body = { members_per_cell: 200 };
    if (opd.value.trim()) body.filters = { opd: [opd.value.trim()] };
    shown = opd.value.trim();
    let res;
    try {
      res = await api("/v1/talent-grid", { method: "POST", body });
    } catch (err) {
      return add(clear(grid), errorBox(err));
    }
    notice.textContent = res.total ? "" : (await unknownOpd(opd.value)) || "";
    const cells = new Map(res.cells.map((c) => [c.box, c]));
    const max = Math.max(1, ...res.cells.filter((c) => c.box).map((c) => c.count));
    const buttons = LAYOUT.flat().map((box) => {
      const c = cells.get(box) || { box, count: 0, meaning: "", nips: [] };
      const shade = Math.round(235 - (c.count / max) * 120);
      return h("button", {
        type: "button", class: "box", dataset: { box: String(box) }, style: `background: rgb(${shade}, ${shade + 10 > 255 ? 255 : shade + 10}, 255)`,
        "aria-label": `Kotak ${box}, ${c.meaning}: ${c.count} ASN`,
        onclick: () => open(c),
      }, h("span", { class: "num" }, String(box)), h("span", { class: "count" }, String(c.count)), h("span", { class: "meaning" }, c.meaning));
    });
    const unplaced = cells.get(0);
    add(clear(grid), 
      h("p", { class: "meta" }, `${res.total} ASN · kebijakan ${res.policy_version} · kelompok rencana suksesi (kotak 7–9): ${res.talent_pool || 0} ASN`),
      (res.warnings || []).map((w) => h("p", { class: "warning", role: "note" }, `Peringatan sebaran: ${w}`)),
      h("div", { class: "axes" },
        h("span", { class: "y" }, "Potensi ↑"),
        h("div", { class: "nine", role: "group", "aria-label": "Kotak talenta 3×3" }, buttons),
        h("span", { class: "x" }, "Kinerja: di bawah · sesuai · di atas ekspektasi →")),
      unplaced ? h("p", null, h("button", { type: "button", class: "link", onclick: () => open(unplaced) }, `Belum dapat ditempatkan (hasil penilaian potensi atau SKP belum ada): ${unplaced.count} ASN`)) : null,
      s("svg", { width: 0, height: 0, "aria-hidden": "true" }),
    );
  }

  async function open(cell) {
    const people = await peopleFor(cell.nips.slice(0, 100));
    add(clear(members), 
      h("h3", { tabindex: "-1", id: "members-title" }, `Kotak ${cell.box}: ${cell.meaning} (${cell.count} ASN)`),
      cell.count > cell.nips.length ? h("p", { class: "meta" }, `Menampilkan ${cell.nips.length} pertama.`) : null,
      h("ul", { class: "people" }, cell.nips.map((nip) => {
        const p = people.get(nip);
        return h("li", null, personLink(nip, p), p ? ` — ${p.jabatan}, ${p.opd}` : "");
      })));
    document.getElementById("members-title").focus();
  }

  const exportOut = h("div", { "aria-live": "polite" });
  const exportPath = (kind) => { // the OPD shown, not one typed since
    const q = new URLSearchParams({ format: kind });
    if (shown) q.set("opd", shown);
    return `/v1/talent-grid/export?${q}`;
  };
  const form = h("form", { class: "row" }, h("label", { for: "opd" }, "OPD"), opd, opdSuggestions, h("button", { type: "submit" }, "Tampilkan"),
    downloadButtons(exportPath, "kotak-talenta", exportOut));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  add(main, h("h2", null, "Peta talenta (9-box)"), form, exportOut, notice, grid, members);
  await load();
}
