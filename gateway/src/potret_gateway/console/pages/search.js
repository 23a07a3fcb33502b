// Search: words and/or a domain, filters and facets with counts, evidence, cursor pages.
import { api, errorBox } from "../app.js";
import { add, clear, fmt, h, highlighted, label } from "../dom.js";
import { downloadButtons, EDUCATION, GOLONGAN, hitEvidence, personLink } from "./common.js";

const FACET_NAMES = { opd: "OPD", jenis_jabatan: "Jenis jabatan", golongan: "Golongan", domains: "Bidang" };

export async function searchPage(main) {
  const domainList = await api("/v1/domains");
  // Skill names for the labels; without them (search not ready yet) the codes are shown.
  const skillList = await api("/v1/skills").catch(() => ({ data: [] }));
  const domainName = Object.fromEntries(domainList.map((d) => [d.code, d.name]));
  const skillName = Object.fromEntries(skillList.data.map((s) => [s.code, s.name]));
  const percent = (score) => `${Math.round(score * 100)}/100`;
  const q = h("input", { id: "q", type: "search", size: 40, placeholder: "mis. penyuluh perikanan, budidaya udang" });
  const domain = h("select", { id: "domain" }, h("option", { value: "" }, "semua bidang"),
    domainList.map((d) => h("option", { value: d.code }, d.name)));
  const golongan = h("select", { id: "golongan_min" }, h("option", { value: "" }, "—"), GOLONGAN.map((g) => h("option", { value: g }, g)));
  const education = h("select", { id: "education_min" }, h("option", { value: "" }, "—"), EDUCATION.map((e) => h("option", { value: e }, label("education_level", e))));
  const status = h("select", { id: "status" }, h("option", { value: "" }, "semua"),
    ["PNS", "CPNS", "PPPK", "PPPK_PW"].map((c) => h("option", { value: c }, label("status", c))));
  const retireWithin = h("input", { id: "retire-within", type: "number", min: 0, max: 45, size: 4, inputmode: "numeric" });
  const retireAfter = h("input", { id: "retire-after", type: "number", min: 0, max: 45, size: 4, inputmode: "numeric" });
  const sort = h("select", { id: "sort" },
    h("option", { value: "relevance" }, "kecocokan kata kunci"),
    h("option", { value: "expertise" }, "skor keahlian bidang (pilih bidang)"),
    h("option", { value: "golongan" }, "golongan tertinggi"),
    h("option", { value: "masa_kerja" }, "masa kerja terlama"),
    h("option", { value: "pensiun" }, "sisa masa kerja terpanjang (pensiun paling lama)"));
  const results = h("div", { class: "results", "aria-live": "polite" });
  const facets = h("aside", { class: "facets", "aria-label": "Saring hasil" });
  const chosen = { opd: null, jenis_jabatan: null };
  const pages = [null];

  async function run(cursor) {
    const params = new URLSearchParams();
    if (q.value.trim()) params.set("q", q.value.trim());
    if (domain.value) params.set("domain", domain.value);
    if (golongan.value) params.set("golongan_min", golongan.value);
    if (education.value) params.set("education_min", education.value);
    for (const [k, v] of Object.entries(chosen)) if (v) params.set(k, v);
    if (status.value) params.set("status", status.value);
    if (retireWithin.value !== "") params.set("max_years_to_retirement", retireWithin.value);
    if (retireAfter.value !== "") params.set("min_years_to_retirement", retireAfter.value);
    // by expertise once a field is chosen (without words it is the only order that means
    // something); by the words' match otherwise
    if (["golongan", "masa_kerja", "pensiun"].includes(sort.value)) params.set("sort", sort.value);
    else if (domain.value && (sort.value === "expertise" || !q.value.trim())) params.set("sort", "expertise");
    params.set("limit", "20");
    if (cursor) params.set("cursor", cursor);
    add(clear(results), h("p", { class: "pending" }, "Mencari…"));
    let res;
    try {
      res = await api(`/v1/search?${params}`);
    } catch (err) {
      return add(clear(results), errorBox(err));
    }
    const skills = res.skills || [];
    const exported = new URLSearchParams(params);
    exported.delete("limit");
    exported.delete("cursor");
    const exportOut = h("div", { "aria-live": "polite" });
    add(clear(results),
      res.total ? h("p", { class: "row" }, downloadButtons((kind) => `/v1/search/export?${exported}&format=${kind}`, "hasil-pencarian", exportOut)) : null,
      exportOut,
      h("p", { class: "meta" }, `${fmt.num(res.total)} ASN ditemukan`,
        skills.length ? ` · keterampilan: ${skills.map((c) => skillName[c] || c).join(", ")}` : "",
        res.domains.length ? ` · bidang: ${res.domains.map((c) => domainName[c] || c).join(", ")}` : ""),
      (res.notes || []).length
        ? h("ul", { class: "notes", "aria-label": "Cara kata kunci dibaca" }, res.notes.map((n) => h("li", null, n.message))) : null,
      h("ol", { class: "hits" }, res.data.map((hit) => h("li", { class: "card person" },
        h("h3", null, personLink(hit.nip, hit)),
        h("p", { class: "meta" }, `${hit.nip} · ${hit.jabatan} · ${hit.opd} · ${hit.golongan}`),
        Object.entries(hit.skills || {}).map(([code, score]) => h("p", { class: "expertise" }, `Keterampilan ${skillName[code] || code}: ${percent(score)}`)),
        Object.entries(hit.expertise || {}).map(([code, score]) => h("p", { class: "expertise" }, `Keahlian bidang ${domainName[code] || code}: ${percent(score)}`)),
        hitEvidence(hit).length
          ? h("ul", { class: "evidence", "aria-label": "Bukti" }, hitEvidence(hit).map((e) => h("li", null, e))) : null,
        Object.values(hit.highlights || {}).flat().slice(0, 2).map((f) => h("p", { class: "highlight" }, highlighted(f))),
      ))),
      h("nav", { class: "pager", "aria-label": "Halaman hasil" },
        pages.length > 1 ? h("button", { type: "button", onclick: () => { pages.pop(); run(pages[pages.length - 1]); } }, "‹ Sebelumnya") : null,
        res.next_cursor ? h("button", { type: "button", onclick: () => { pages.push(res.next_cursor); run(res.next_cursor); } }, "Berikutnya ›") : null),
    );
    clear(facets);
    for (const [name, values] of Object.entries(res.facets || {})) {
      if (!(name in chosen) || !values.length) continue;
      add(facets, h("fieldset", null, h("legend", null, FACET_NAMES[name] || name),
        chosen[name] ? h("button", { type: "button", class: "link", onclick: () => { chosen[name] = null; pages.splice(1); run(null); } }, "× hapus saringan") : null,
        values.slice(0, 12).map((f) => h("button", {
          type: "button", class: chosen[name] === f.value ? "facet on" : "facet", "aria-pressed": String(chosen[name] === f.value),
          onclick: () => { chosen[name] = f.value; pages.splice(1); run(null); },
        }, `${name === "jenis_jabatan" ? label("jenis_jabatan", f.value) : f.value} (${fmt.num(f.count)})`))));
    }
  }

  const form = h("form", { class: "search-form", role: "search" },
    h("label", { for: "q" }, "Kata kunci"), q,
    h("label", { for: "domain" }, "Bidang"), domain,
    h("label", { for: "golongan_min" }, "Golongan minimal"), golongan,
    h("label", { for: "education_min" }, "Pendidikan minimal"), education,
    h("label", { for: "status" }, "Status"), status,
    h("label", { for: "retire-within" }, "Pensiun dalam (tahun, paling lama)"), retireWithin,
    h("label", { for: "retire-after" }, "Pensiun paling cepat (tahun lagi)"), retireAfter,
    h("label", { for: "sort" }, "Urutkan menurut"), sort,
    h("button", { type: "submit" }, "Cari"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    pages.splice(1);
    run(null);
  });
  add(main, h("h2", null, "Cari ASN"), form, h("div", { class: "split" }, facets, results));
  q.focus();
}
