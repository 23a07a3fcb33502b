// Data quality: completeness and freshness per OPD under the quality rules in force.
import { api, errorBox, session } from "../app.js";
import { add, clear, fmt, h, label } from "../dom.js";
import { opdPicker, unknownOpd } from "./common.js";

const pct = (v) => (v === null || v === undefined ? "–" : `${fmt.num(v, 1)}%`);

function table(report) {
  const groups = Object.keys(report.total.completeness);
  const fresh = Object.keys(report.total.freshness);
  const head = h("tr", null, h("th", { scope: "col" }, "OPD"), h("th", { scope: "col" }, "ASN"),
    h("th", { scope: "col" }, "Lengkap"), h("th", { scope: "col" }, "Mutakhir"),
    groups.map((g) => h("th", { scope: "col" }, `Isi: ${label("group", g)}`)),
    fresh.map((g) => h("th", { scope: "col" }, `Mutakhir: ${label("group", g)}`)));
  const row = (name, r, cls) => h("tr", { class: cls }, h("th", { scope: "row" }, name), h("td", null, String(r.records)),
    h("td", null, pct(r.complete_pct)), h("td", null, pct(r.fresh_pct)),
    groups.map((g) => h("td", null, pct(r.completeness[g]))), fresh.map((g) => h("td", null, pct(r.freshness[g]))));
  return h("div", { class: "table-wrap" }, h("table", { class: "table small quality" },
    h("caption", null, `Aturan mutu ${report.rules_version}, tanggal acuan ${fmt.date(report.reference_date)}`),
    h("thead", null, head),
    h("tbody", null, report.by_opd.map((r) => row(r.opd, r)), report.by_opd.length > 1 ? row("Seluruhnya", report.total, "total") : null)));
}

export async function qualityPage(main) {
  const [opd, opdSuggestions] = opdPicker("q-opd", session.me.opd || "", { placeholder: "kosong = semua OPD", disabled: Boolean(session.me.opd) });
  const out = h("div", { "aria-live": "polite" });
  async function load() {
    clear(out);
    const params = new URLSearchParams();
    if (opd.value.trim()) params.set("opd", opd.value.trim());
    try {
      const report = await api(`/v1/quality?${params}`);
      const unknown = report.total.records ? null : await unknownOpd(opd.value);
      add(out, unknown ? h("p", { class: "warning", role: "status" }, unknown) : null, table(report));
    } catch (err) {
      add(out, errorBox(err));
    }
  }
  const form = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); load(); } },
    h("label", { for: "q-opd" }, "OPD"), opd, opdSuggestions, h("button", { type: "submit" }, "Tampilkan"));
  add(main, h("h2", null, "Mutu data"),
    h("p", null, "Kelengkapan: persentase ASN yang kelompok datanya terisi. Kemutakhiran: dari yang terisi, persentase yang tidak kedaluwarsa (mis. SKP tahun lalu belum ada, asesmen lebih dari 3 tahun, data belum dikonfirmasi sumbernya setahun)."),
    form, out);
  await load();
}
