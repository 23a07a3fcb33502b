// A printable ranking for the committee (Baperjakat / panitia seleksi): candidates with
// their factors and explanations, eligibility, and the fairness report. Print or save as PDF.
import { api } from "../app.js";
import { add, fmt, h, label } from "../dom.js";
import { FACTORS, peopleFor } from "./common.js";
import { refusedForAsn } from "./common.js";
import { smallSampleWarnings } from "./position.js";

export async function printPage(main, id) {
  if (refusedForAsn(main)) return;
  const [position, res] = await Promise.all([
    api(`/v1/positions/${encodeURIComponent(id)}`),
    api("/v1/positions/rank", { method: "POST", body: { position: { position_id: id }, top_k: 20 } }),
  ]);
  const people = await peopleFor(res.candidates.map((c) => c.nip));
  const printed = fmt.time(new Date().toISOString());
  add(main, h("article", { class: "print" },
    h("p", { class: "noprint" }, h("button", { type: "button", onclick: () => window.print() }, "Cetak / simpan PDF"), " ", h("a", { href: `#/jabatan/${id}` }, "Kembali")),
    h("h2", null, `Daftar kandidat: ${position.name}`),
    h("p", null, `${position.opd} · kebijakan ${res.policy_version} · tanggal acuan ${fmt.date(res.reference_date)} · dicetak ${printed}`),
    h("p", null, `${fmt.num(res.eligible_total)} dari ${fmt.num(res.considered)} ASN memenuhi syarat jabatan.`),
    h("table", { class: "table" },
      h("thead", null, h("tr", null, ["No", "Nama / NIP", "Skor", ...Object.values(FACTORS).map((f) => f.label), "Kotak", "Penjelasan"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, res.candidates.map((c) => {
        const contrib = Object.fromEntries((c.factors || []).map((f) => [f.factor, f.contribution]));
        const p = people.get(c.nip);
        return h("tr", null, h("td", null, String(c.rank)), h("td", null, p ? p.name : "", h("br"), c.nip),
          h("td", null, fmt.score(c.score)), Object.keys(FACTORS).map((k) => h("td", null, fmt.score(contrib[k]))),
          h("td", null, c.nine_box ? String(c.nine_box) : "-"), h("td", null, c.explanation));
      }))),
    h("h3", null, "Laporan keadilan"),
    smallSampleWarnings(res).map((w) => h("p", { class: "warning" }, w)),
    h("p", null, res.fairness ? res.fairness.note : ""),
    h("ul", null, Object.entries((res.fairness || {}).adverse_impact_ratio || {}).map(([k, v]) => h("li", null, `Rasio dampak menurut ${label("dimension", k).toLowerCase()}: ${fmt.score(v)}`))),
    h("h3", null, "Syarat yang paling sering belum terpenuhi"),
    h("ul", null, Object.entries(res.unmet_counts || {}).sort((a, b) => b[1] - a[1]).map(([k, v]) => h("li", null, `${(res.rule_labels || {})[k] || label("rule", k)}: ${fmt.num(v)} ASN`))),
    h("p", { class: "meta" }, "Skor dihitung oleh Potret dari aturan yang tercantum; keputusan tetap pada Baperjakat / panitia seleksi."),
  ));
}
