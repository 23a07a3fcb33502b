// Pieces shared by the pages: factor bars (SVG), candidate cards, names for NIPs.
import { api, can, download, errorBox, session } from "../app.js";
import { add, clear, fmt, h, label, s } from "../dom.js";

// Colours chosen for >= 4.5:1 contrast of white text and >= 3:1 against the white page.
export const FACTORS = {
  competency: { label: "Kompetensi", color: "#1f4e8c" },
  performance: { label: "Kinerja (SKP)", color: "#7a3e00" },
  expertise: { label: "Keahlian bidang", color: "#0b6e4f" },
  track_record: { label: "Rekam jejak", color: "#6b2c91" },
};
export const GOLONGAN = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"];
export const EDUCATION = ["SMA", "D3", "D4", "S1", "S2", "S3"];

/** A stacked bar: one segment per factor contribution, total = score (0..1). */
export function factorBar(factors, { width = 260 } = {}) {
  let x = 0;
  const parts = [];
  const title = (factors || [])
    .map((f) => `${(FACTORS[f.factor] || { label: f.factor }).label} ${fmt.score(f.contribution)}`)
    .join(", ");
  for (const f of factors || []) {
    const w = Math.max(0, (Number(f.contribution) || 0) * width);
    const meta = FACTORS[f.factor] || { color: "#555" };
    parts.push(s("rect", { x, y: 0, width: w, height: 16, fill: meta.color, "data-factor": f.factor }));
    x += w;
  }
  return s("svg", {
    class: "bar", width, height: 16, viewBox: `0 0 ${width} 16`, role: "img", "aria-label": `Kontribusi faktor: ${title}`,
  },
  s("rect", { x: 0, y: 0, width, height: 16, fill: "#eef1f5" }), parts, s("title", null, title));
}

export function legend() {
  return h("ul", { class: "legend", "aria-label": "Keterangan warna faktor" },
    Object.values(FACTORS).map((f) => h("li", null, h("span", { class: "swatch", style: `background:${f.color}` }), f.label)));
}

/** Name, jabatan and OPD of up to 100 NIPs, from search (when the caller may search). */
export async function peopleFor(nips) {
  const out = new Map();
  const unique = [...new Set(nips)].slice(0, 100);
  if (!unique.length || !can("search")) return out;
  const params = new URLSearchParams();
  unique.forEach((n) => params.append("nip", n));
  params.set("limit", "100");
  try {
    const res = await api(`/v1/search?${params}`);
    for (const hit of res.data) out.set(hit.nip, hit);
  } catch {
    // Names are a convenience: the ranking stands without them.
  }
  return out;
}

let opdNames = null;
/** The OPD names in the data (the position catalogue's), for pickers: one request a session. */
export async function opdList() {
  if (!opdNames) {
    try {
      const res = await api("/v1/positions?limit=500");
      opdNames = [...new Set(res.data.map((p) => p.opd).filter(Boolean))].sort((a, b) => a.localeCompare(b, "id"));
    } catch {
      return []; // no suggestions; the field still takes a typed name
    }
  }
  return opdNames;
}

/** A free-text OPD field with the OPDs of the data as suggestions. */
export function opdPicker(id, value, { disabled = false, placeholder = "" } = {}) {
  const list = h("datalist", { id: `${id}-list` });
  const input = h("input", { id, value, list: `${id}-list`, placeholder, disabled, autocomplete: "off" });
  opdList().then((names) => add(list, names.map((n) => h("option", { value: n }))));
  return [input, list];
}

/** Why a typed OPD found nobody, when it is none of the data's OPDs ("Dinkes"): with the
 * OPDs whose names hold what was typed, or a request to pick one. */
export async function unknownOpd(typed) {
  const text = (typed || "").trim();
  if (!text) return null;
  const names = await opdList();
  if (!names.length || names.includes(text)) return null;
  const near = names.filter((n) => n.toLowerCase().includes(text.toLowerCase())).slice(0, 3);
  return `OPD "${text}" tidak ada di data. ${near.length ? `Maksud Anda: ${near.join("; ")}?` : "Pilih nama OPD dari daftar saran (nama lengkap, mis. Dinas Kesehatan)."}`;
}

export function personLink(nip, person) {
  const label = person ? person.name : `NIP ${nip}`;
  return h("a", { href: `#/profil/${nip}` }, label);
}


/** Where each fact group came from: {group: "sumber SIASN, impor 2026-10-02"}. */
export function provenanceList(texts) {
  const rows = Object.entries(texts || {});
  if (!rows.length) return null;
  return h("details", { class: "provenance" }, h("summary", null, "Asal data"),
    h("ul", null, rows.map(([group, text]) => h("li", null, `${label("group", group)}: ${text}`))));
}

/** A hit's evidence: of the skills asked first, then of the fields (as the chat answers). */
export function hitEvidence(hit, count = 4) {
  const all = [...Object.values(hit.skill_evidence || {}).flat(), ...Object.values(hit.evidence || {}).flat()];
  return all.filter((e, i) => all.indexOf(e) === i).slice(0, count);
}

/** A search hit: who, where, the evidence of expertise, and where the facts came from. */
export function hitCard(hit) {
  const evidence = hitEvidence(hit);
  return h("article", { class: "card person" },
    h("h3", null, personLink(hit.nip, hit)),
    h("p", { class: "meta" }, `${hit.nip} · ${hit.jabatan} · ${hit.opd} · ${hit.golongan}`),
    evidence.length ? h("ul", { class: "evidence", "aria-label": "Bukti keahlian" }, evidence.map((e) => h("li", null, e))) : null,
    provenanceList(hit.provenance),
  );
}

/** A ranked candidate: score bar, factors, and the eligibility checklist. */
export function candidateCard(c, person, { moved, selected } = {}) {
  const rules = (c.eligibility || []).filter((r) => r.applies);
  let move = null;
  if (moved === "new") move = h("span", { class: "new" }, "baru masuk");
  else if (moved) {
    move = h("span", { class: moved > 0 ? "up" : "down", "aria-label": moved > 0 ? `naik ${moved}` : `turun ${-moved}` },
      moved > 0 ? `▲${moved}` : `▼${-moved}`);
  }
  return h("article", { class: "card candidate", dataset: { nip: c.nip } },
    h("h3", null, c.rank ? `${c.rank}. ` : "", personLink(c.nip, person), " ",
      c.tied ? h("span", { class: "tied", title: "Skor sama dengan kandidat lain; urutan di antara yang setara adalah undian tetap, bukan usia atau jenis kelamin" }, "setara") : null,
      " ", move),
    selected ? h("p", { class: "pick" }, h("input", {
      type: "checkbox", id: `pick-${c.nip}`, checked: selected.has(c.nip),
      onchange: (e) => (e.target.checked ? selected.add(c.nip) : selected.delete(c.nip)),
    }), " ", h("label", { for: `pick-${c.nip}` }, "Centang untuk dibandingkan atau disimpan")) : null,
    person ? h("p", { class: "meta" }, `${c.nip} · ${person.jabatan} · ${person.opd} · ${person.golongan}`) : h("p", { class: "meta" }, c.nip),
    h("div", { class: "score" }, factorBar(c.factors), h("strong", null, `skor ${fmt.score(c.score)}`)),
    h("p", null, c.explanation),
    rules.length ? h("details", null, h("summary", null, `Syarat jabatan (${rules.filter((r) => r.met).length}/${rules.length} terpenuhi)`),
      h("ul", { class: "checklist" }, rules.map((r) => h("li", { class: r.met ? "met" : "unmet" },
        h("span", { "aria-hidden": "true" }, r.met ? "✓ " : "✗ "),
        h("span", { class: "sr-only" }, r.met ? "terpenuhi: " : "belum terpenuhi: "),
        `${r.text} (${r.value || "-"}; syarat ${r.threshold || "-"})`,
        r.legal_source ? h("small", null, ` — ${r.legal_source}`) : null)))) : null,
  );
}

/** A position's ranking is for BKPSDM, pimpinan and OPD viewers: an ASN who follows a link
 * here is told so before anything (the print link, the sliders) is drawn. */
export function refusedForAsn(main, title = "Jabatan") {
  if (session.me && session.me.role !== "asn" && can("rank")) return false;
  add(main, h("h2", null, title), h("p", { class: "error", role: "alert" },
    "Halaman peringkat jabatan hanya untuk BKPSDM, pimpinan dan pengelola OPD. Lihat profil Anda untuk analisis kesenjangan ke jabatan tujuan."));
  return true;
}

/** "Unduh Excel" and "Unduh CSV" for `path(format)` (the export's API path); an error (e.g.
 * more rows than the export's limit) is shown in `out`. */
export function downloadButtons(path, name, out) {
  return ["xlsx", "csv"].map((kind) => h("button", {
    type: "button", class: "secondary", onclick: async () => {
      clear(out);
      try {
        await download(path(kind), `${name}.${kind}`);
      } catch (err) {
        add(out, errorBox(err));
      }
    },
  }, kind === "xlsx" ? "Unduh Excel" : "Unduh CSV"));
}
