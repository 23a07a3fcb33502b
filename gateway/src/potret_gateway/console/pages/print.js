// A printable ranking for the committee (Baperjakat / panitia seleksi): candidates with
// their factors and explanations, eligibility, and the fairness report. Print or save as PDF.
import { api } from "../app.js";
import { add, fmt, h, label, labelTable } from "../dom.js";
import { FACTORS, peopleFor } from "./common.js";
import { refusedForAsn } from "./common.js";
import { smallSampleWarnings } from "./position.js";

export async function printPage(main, id) {
  if (refusedForAsn(main)) return;
  const [position, ranked] = await Promise.all([
    api(`/v1/positions/${encodeURIComponent(id)}`),
    api("/v1/positions/rank", { method: "POST", body: { position: { position_id: id }, top_k: 20 }, raw: true }),
  ]);
  const res = ranked.data;
  const people = await peopleFor(res.candidates.map((c) => c.nip));
  const now = new Date();
  const printed = fmt.time(now.toISOString());
  const today = fmt.date(now.toISOString());
  // Letterhead, reference and signatory as this instansi set them (GATEWAY_LETTERHEAD_*,
  // GATEWAY_REFERENCE_FORMAT, GATEWAY_SIGNATORY_*). The reference carries the ranking's
  // request id: the audit trail's entry of this very ranking (GET /v1/audit?request_id=...).
  const kop = Object.fromEntries(labelTable("print"));
  const ref = (ranked.requestId || "").slice(0, 8).toUpperCase();
  const number = (kop.reference_format || "{ref}").replace("{ref}", ref).replace("{year}", String(now.getFullYear()));
  add(main, h("article", { class: "print" },
    h("p", { class: "noprint" }, h("button", { type: "button", onclick: () => window.print() }, "Cetak / simpan PDF"), " ", h("a", { href: `#/jabatan/${id}` }, "Kembali")),
    h("header", { class: "kop" },
      h("p", { class: "kop-instansi" }, kop.instansi || ""),
      h("p", { class: "kop-unit" }, kop.unit || ""),
      h("p", { class: "kop-address" }, kop.address || "")),
    h("table", { class: "letter-meta" }, h("tbody", null,
      h("tr", null, h("th", { scope: "row" }, "Nomor"), h("td", { id: "print-number" }, `: ${number}`)),
      h("tr", null, h("th", { scope: "row" }, "Tanggal"), h("td", null, `: ${today}`)),
      h("tr", null, h("th", { scope: "row" }, "Perihal"), h("td", null, `: Daftar kandidat ${position.name}`)))),
    h("h2", null, `Daftar kandidat: ${position.name}`),
    h("p", null, `${position.opd} · kebijakan penilaian ${res.policy_version} · tanggal acuan ${fmt.date(res.reference_date)} · dicetak ${printed}`),
    h("p", null, `${fmt.num(res.eligible_total)} dari ${fmt.num(res.considered)} ASN memenuhi syarat jabatan.`),
    h("table", { class: "table ranking" },
      h("thead", null, h("tr", null, ["No", "Nama / NIP", "Skor", "Faktor", "Kotak", "Penjelasan"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, res.candidates.map((c) => {
        const contrib = Object.fromEntries((c.factors || []).map((f) => [f.factor, f.contribution]));
        const p = people.get(c.nip);
        return h("tr", null, h("td", null, String(c.rank)), h("td", null, p ? p.name : "", h("br"), h("small", null, c.nip)),
          h("td", null, fmt.score(c.score)),
          h("td", null, h("ul", { class: "factors" }, Object.entries(FACTORS).map(([k, f]) => h("li", null, `${f.label} ${fmt.score(contrib[k])}`)))),
          h("td", null, c.nine_box ? String(c.nine_box) : "-"), h("td", null, c.explanation));
      }))),
    h("h3", null, "Laporan keadilan"),
    smallSampleWarnings(res).map((w) => h("p", { class: "warning" }, w)),
    h("p", null, res.fairness ? res.fairness.note : ""),
    h("ul", null, Object.entries((res.fairness || {}).adverse_impact_ratio || {}).map(([k, v]) => h("li", null, `Rasio dampak menurut ${label("dimension", k).toLowerCase()}: ${fmt.score(v)}`))),
    h("h3", null, "Syarat yang paling sering belum terpenuhi"),
    h("ul", null, Object.entries(res.unmet_counts || {}).sort((a, b) => b[1] - a[1]).map(([k, v]) => h("li", null, `${(res.rule_labels || {})[k] || label("rule", k)}: ${fmt.num(v)} ASN`))),
    h("p", { class: "meta" }, "Skor dihitung oleh Potret dari aturan yang tercantum; keputusan tetap pada Baperjakat / panitia seleksi."),
    h("section", { class: "signature" },
      h("p", null, `${kop.city || ""}${kop.city ? ", " : ""}${today}`),
      h("p", null, kop.signatory_title || ""),
      h("p", { class: "sign-space", "aria-hidden": "true" }, " "),
      h("p", { class: "sign-name" }, kop.signatory_name || "(nama jelas)"),
      h("p", null, kop.signatory_nip ? `NIP ${kop.signatory_nip}` : "NIP ……………………")),
    h("p", { class: "meta trace" }, `Rujukan jejak audit: ${ranked.requestId} · kebijakan penilaian ${res.policy_version}`),
  ));
}
