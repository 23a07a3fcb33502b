// Compare 2–4 candidates for one post side by side: score and factors, each requirement,
// 9-box, JPM, the gaps to close and the evidence, one column per person.
import { api } from "../app.js";
import { add, fmt, h, label } from "../dom.js";
import { factorBar, FACTORS, personLink, refusedForAsn } from "./common.js";

export async function comparePage(main, positionId, nipList) {
  if (refusedForAsn(main, "Bandingkan kandidat")) return;
  const nips = String(nipList || "").split(",").filter(Boolean);
  const params = new URLSearchParams();
  nips.forEach((n) => params.append("nip", n));
  const res = await api(`/v1/positions/${encodeURIComponent(positionId)}/compare?${params}`);
  const cs = res.candidates;
  const rules = [];
  for (const c of cs) for (const r of c.eligibility || []) if (r.applies && !rules.includes(r.rule)) rules.push(r.rule);
  const cell = (content) => h("td", null, content);
  const row = (title, fn) => h("tr", null, h("th", { scope: "row" }, title), cs.map((c) => cell(fn(c))));
  const factor = (c, key) => (c.factors || []).find((f) => f.factor === key) || {};
  add(main,
    h("h2", null, "Bandingkan kandidat"),
    h("p", { class: "meta" }, "Untuk ", h("a", { href: `#/jabatan/${encodeURIComponent(positionId)}` }, res.position_name), ` · kebijakan ${res.policy_version}`),
    h("div", { class: "scroll" }, h("table", { class: "table compare", id: "compare" },
      h("caption", null, `${cs.length} kandidat berdampingan`),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Aspek"), cs.map((c) => h("th", { scope: "col" }, personLink(c.nip, c.person))))),
      h("tbody", null,
        row("Jabatan saat ini", (c) => (c.person ? `${c.person.jabatan} · ${c.person.opd} · ${c.person.golongan}` : c.nip)),
        row("Skor", (c) => [factorBar(c.factors, { width: 160 }), h("strong", null, ` ${fmt.score(c.score)}`)]),
        Object.entries(FACTORS).map(([key, meta]) => row(meta.label, (c) => {
          const f = factor(c, key);
          return `${fmt.score(f.score || 0)} × bobot ${fmt.pct(f.weight || 0)} = ${fmt.score(f.contribution || 0)}`;
        })),
        row("Memenuhi semua syarat", (c) => (c.eligible ? "Ya" : "Tidak")),
        rules.map((rule) => row(label("rule", rule), (c) => {
          const r = (c.eligibility || []).find((x) => x.rule === rule);
          if (!r || !r.applies) return "tidak berlaku";
          const when = r.met ? "" : (r.met_from ? ` Perkiraan terpenuhi ${fmt.month(r.met_from)} (${r.met_from_note}).` : (r.met_from_note ? ` ${r.met_from_note[0].toUpperCase()}${r.met_from_note.slice(1)}.` : ""));
          return h("span", { class: r.met ? "met" : "unmet" }, `${r.met ? "✓ terpenuhi" : "✗ belum"} (${r.value || "-"}; syarat ${r.threshold || "-"})${when}`);
        })),
        row("Kotak talenta", (c) => (c.nine_box ? `Kotak ${c.nine_box}: ${c.nine_box_meaning}` : "belum dapat ditempatkan")),
        row("JPM", (c) => (c.jpm != null ? `${fmt.num(c.jpm, 1)}% (${c.jpm_category})` : "belum diases")),
        row("Kesenjangan", (c) => ((c.gaps || []).length ? h("ul", null, c.gaps.map((g) => h("li", null, g.text))) : "tidak ada")),
        row("Bukti keahlian", (c) => {
          const ev = c.person ? Object.values(c.person.evidence || {}).flat().slice(0, 4) : [];
          return ev.length ? h("ul", null, ev.map((e) => h("li", null, e))) : "—";
        }),
        row("Penjelasan", (c) => c.explanation)))),
    h("p", { class: "meta" }, "Dasar hukum setiap syarat tercantum di halaman jabatan dan di cetakan untuk Baperjakat."));
}
