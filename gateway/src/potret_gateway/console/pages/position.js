// Positions: the catalogue, and one position with its requirements, ranked candidates,
// eligibility, the fairness panel and what-if weight sliders that re-rank live.
import { api, download, errorBox } from "../app.js";
import { add, clear, fmt, h, label } from "../dom.js";
import { candidateCard, FACTORS, legend, peopleFor, personLink, refusedForAsn } from "./common.js";
import { saveShortlistForm } from "./shortlists.js";

export async function positionsPage(main) {
  if (refusedForAsn(main)) return;
  const res = await api("/v1/positions?limit=500");
  const filter = h("input", { id: "filter", type: "search", placeholder: "saring nama jabatan atau OPD" });
  const rows = res.data.map((p) => h("tr", { dataset: { text: `${p.name} ${p.opd}`.toLowerCase() } },
    h("td", null, h("a", { href: `#/jabatan/${p.position_id}` }, p.name)),
    h("td", null, p.opd), h("td", null, label("jenis_jabatan", p.jenis)), h("td", null, p.vacant ? "lowong" : "terisi")));
  filter.addEventListener("input", () => {
    const needle = filter.value.toLowerCase();
    for (const row of rows) row.hidden = !row.dataset.text.includes(needle);
  });
  add(main, h("h2", null, "Jabatan"),
    h("label", { for: "filter" }, "Saring"), filter,
    h("table", { class: "table" }, h("caption", null, `${res.data.length} jabatan di katalog`),
      h("thead", null, h("tr", null, ["Jabatan", "OPD", "Jenis", "Status"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, rows)));
  filter.focus();
}

function requirementsList(p) {
  const r = p.requirements || {};
  const items = [
    r.min_golongan && `Golongan minimal ${r.min_golongan}`,
    r.min_education && `Pendidikan minimal ${label("education_level", r.min_education)}`,
    (r.related_majors || []).length && `Jurusan terkait: ${r.related_majors.join(", ")}`,
    r.min_years_prior && `Pengalaman ${r.min_years_prior} tahun${r.prior_jenis ? ` pada ${label("jenis_jabatan", r.prior_jenis)}` : ""}`,
    r.required_training && `Pelatihan ${label("leadership", r.required_training)}`,
    r.discipline_clean_years != null
      ? `Bebas hukuman disiplin sedang/berat ${r.discipline_clean_years} tahun terakhir`
      : "Bebas hukuman disiplin sedang/berat: bawaan kebijakan (JPT 3 tahun, lainnya 2 tahun)",
    r.min_months_before_bup != null
      ? `Sisa masa kerja sebelum BUP minimal ${r.min_months_before_bup} bulan`
      : "Sisa masa kerja sebelum BUP: bawaan kebijakan (12 bulan)",
  ].filter(Boolean);
  const standard = Object.entries(p.competency_standard || {});
  return h("div", { class: "cols" },
    h("section", null, h("h3", null, "Persyaratan"), h("ul", null, items.map((i) => h("li", null, i)))),
    h("section", null, h("h3", null, "Standar kompetensi"),
      standard.length ? h("table", { class: "table small" },
        h("thead", null, h("tr", null, h("th", { scope: "col" }, "Kompetensi"), h("th", { scope: "col" }, "Level"))),
        h("tbody", null, standard.map(([k, v]) => h("tr", null, h("td", null, `${label("competency", k)} (${k})`), h("td", null, String(v)))))) : h("p", null, "Belum ditetapkan")));
}

const STAGE_LABEL = { kelayakan: "Tahap syarat (diperiksa → memenuhi syarat)", daftar_pendek: "Daftar pendek (memenuhi syarat → terpilih)" };

function impactRows(stage, labels) {
  // The whole stage first, then each eligibility rule: which rule removes which group.
  return (stage.impacts || []).map((i) => h("tr", { class: i.conclusion === "MERUGIKAN" ? "unmet" : null },
    h("td", { title: i.rule || null }, i.rule ? (labels[i.rule] || label("rule", i.rule)).split(" (")[0] : "seluruh tahap"), h("td", null, label("dimension", i.dimension)),
    h("td", null, i.lowest_group ? fmt.score(i.adverse_impact_ratio || 0) : "—"),
    h("td", null, i.note || "")));
}

/** What the numbers cannot say: fewer than 3 people meet the requirements (a committee
 * has hardly a choice), or groups too small for any rate to mean something. */
export function smallSampleWarnings(res) {
  const out = [];
  const eligible = Number(res.eligible_total || 0);
  if (eligible > 0 && eligible < 3) {
    out.push(`Hanya ${eligible} ASN memenuhi semua syarat (kurang dari 3): panitia hampir tidak punya pilihan; periksa persyaratan jabatan atau lihat yang belum memenuhi syarat.`);
  }
  const small = ((res.fairness || {}).stages || []).some((st) => (st.impacts || []).some((i) => i.conclusion === "SAMPEL_KECIL"));
  if (small) { // the ranking service's own verdict (groups under the policy's minimum size)
    out.push("Sampel kecil: sebagian kelompok terlalu sedikit orangnya, jadi tingkat dan rasio di bawah tidak dapat disimpulkan adil atau tidak adil.");
  }
  return out;
}

function fairnessPanel(f, labels = {}, warnings = []) {
  if (!f) return null;
  const skew = Object.keys(f.ndkl || {});
  return h("section", { class: "card fairness", "aria-labelledby": "fair-title" },
    h("h3", { id: "fair-title" }, "Keadilan (dua tahap: syarat dan daftar pendek)"),
    warnings.map((w) => h("p", { class: "warning", role: "note" }, w)),
    h("p", null, f.note || ""),
    (f.stages || []).map((st) => h("div", null,
      h("h4", null, STAGE_LABEL[st.stage] || st.stage),
      h("table", { class: "table small" },
        h("thead", null, h("tr", null, ["Dimensi", "Kelompok", st.stage === "kelayakan" ? "Diperiksa" : "Memenuhi syarat", st.stage === "kelayakan" ? "Memenuhi syarat" : "Terpilih", "Tingkat"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, (st.groups || []).map((g) => h("tr", null,
          h("td", null, label("dimension", g.dimension)), h("td", null, g.group), h("td", null, String(g.eligible_pool || 0)),
          h("td", null, String(g.selected || 0)), h("td", null, fmt.pct(g.selection_rate || 0)))))),
      h("table", { class: "table small" },
        h("thead", null, h("tr", null, ["Syarat", "Dimensi", `Rasio dampak (ambang ${fmt.score(f.threshold)})`, "Kesimpulan"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, impactRows(st, labels))))),
    skew.length ? h("ul", null, skew.map((dim) => h("li", null,
      `${label("dimension", dim)}: skew@k terendah ${fmt.score(f.min_skew[dim] || 0)}, tertinggi ${fmt.score(f.max_skew[dim] || 0)}, NDKL ${fmt.score(f.ndkl[dim] || 0)} (0 = sama dengan komposisi yang memenuhi syarat)`))) : null);
}

export async function positionPage(main, id) {
  if (refusedForAsn(main)) return;
  const [position, policy] = await Promise.all([api(`/v1/positions/${encodeURIComponent(id)}`), api("/v1/ranking/policy")]);
  const weights = { ...policy.weights };
  const list = h("div", { class: "cards", "aria-live": "polite" });
  const side = h("div");
  const status = h("p", { class: "meta", role: "status" });
  let baseline = null;
  let timer = null;
  // Candidates ticked for a comparison or a saved shortlist (kept across re-rankings).
  const selected = new Set();
  const compare = h("button", { type: "button", class: "secondary", id: "compare-go", onclick: () => {
    if (selected.size < 2 || selected.size > 4) {
      status.textContent = "Centang 2 sampai 4 kandidat untuk dibandingkan.";
      return;
    }
    location.hash = `#/bandingkan/${encodeURIComponent(id)}/${[...selected].join(",")}`;
  } }, "Bandingkan yang dicentang (2–4)");
  // The talent pool (kotak 7–9, PermenPANRB 3/2020), from which JPT and administrator posts
  // are filled: the same ranking, over the pool only.
  const poolOnly = h("input", { id: "pool-only", type: "checkbox", onchange: () => { baseline = null; rank(); } });

  async function rank(overrides) {
    status.textContent = "Menghitung peringkat…";
    const body = { position: { position_id: id }, top_k: 20 };
    if (overrides) body.policy_overrides = { weights: overrides };
    if (poolOnly.checked) body.filters = { talent_pool_only: true };
    let res;
    try {
      res = await api("/v1/positions/rank", { method: "POST", body });
    } catch (err) {
      status.textContent = "";
      return add(clear(list), errorBox(err));
    }
    const first = !baseline;
    if (first) baseline = new Map(res.candidates.map((c) => [c.nip, c.rank]));
    const holder = res.holder && res.holder.nip ? res.holder : null;
    const near = res.near_eligible || [];
    const people = await peopleFor([...res.candidates, ...res.ineligible, ...near, ...(holder ? [holder] : [])].map((c) => c.nip));
    add(clear(list), res.candidates.map((c) => candidateCard(c, people.get(c.nip), {
      moved: baseline.has(c.nip) ? baseline.get(c.nip) - c.rank : (first ? 0 : "new"),
      selected,
    })));
    if (!res.candidates.length) add(list, h("p", null, "Belum ada ASN yang memenuhi semua syarat."));
    status.textContent = `${res.eligible_total} dari ${res.considered} ASN memenuhi syarat · kebijakan ${res.policy_version}`;
    const unmet = Object.entries(res.unmet_counts || {}).sort((a, b) => b[1] - a[1]);
    add(clear(side),
      holder ? h("section", { class: "card holder" }, h("h3", null, "Pemangku saat ini"),
        h("p", null, personLink(holder.nip, people.get(holder.nip))),
        h("p", { class: "meta" }, "Tidak dihitung sebagai kandidat untuk jabatannya sendiri.")) : null,
      fairnessPanel(res.fairness, res.rule_labels || {}, smallSampleWarnings(res)),
      near.length ? h("section", { class: "card near", "aria-labelledby": "near-title" },
        h("h3", { id: "near-title" }, `Hampir memenuhi syarat (${fmt.num(res.near_eligible_total)})`),
        h("p", { class: "meta" }, "Kurang satu syarat saja; skor tertinggi lebih dulu."),
        h("ul", null, near.slice(0, 10).map((c) => {
          const missed = (c.eligibility || []).find((r) => r.applies && !r.met) || {};
          const what = label("rule", missed.rule);
          const detail = [missed.value && `tercatat ${missed.value}`, missed.threshold && `syarat ${missed.threshold}`].filter(Boolean).join("; ");
          const when = missed.met_from
            ? `perkiraan terpenuhi ${fmt.month(missed.met_from)} (${missed.met_from_note})`
            : missed.met_from_note;
          return h("li", null, personLink(c.nip, people.get(c.nip)), ` (skor ${fmt.score(c.score)}): kurang ${what.toLowerCase()}${detail ? ` — ${detail}` : ""}`,
            when ? h("br") : null, when ? h("small", { class: "when" }, when) : null);
        }))) : null,
      h("section", { class: "card" }, h("h3", null, `Belum memenuhi syarat (${res.ineligible_total})`),
        h("ul", null, unmet.slice(0, 6).map(([rule, n]) => h("li", { title: rule }, `${(res.rule_labels || {})[rule] || label("rule", rule)}: ${fmt.num(n)} ASN`))),
        h("ul", { class: "ineligible" }, res.ineligible.slice(0, 10).map((c) => h("li", null, personLink(c.nip, people.get(c.nip)), ": ",
          (c.eligibility || []).filter((r) => r.applies && !r.met).map((r) => r.text).join("; "))))),
    );
  }

  // Each knob is a weight (0–100); what it gives the score is its share of the four
  // together. Both are shown, so a knob at 35 reads "35 → 20%" and never "20%" alone.
  function normalised() {
    const total = Object.values(weights).reduce((a, b) => a + b, 0);
    if (!total) return null; // all at 0: no score can be computed (said, not guessed)
    const out = Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, Math.round((v / total) * 1e6) / 1e6]));
    const drift = 1 - Object.values(out).reduce((a, b) => a + b, 0);
    const first = Object.keys(out).find((k) => out[k] > 0);
    out[first] = Math.round((out[first] + drift) * 1e6) / 1e6;
    return out;
  }
  const allZero = h("p", { class: "warning", role: "alert", id: "whatif-zero", hidden: true },
    "Semua bobot 0: skor tidak dapat dihitung. Naikkan setidaknya satu bobot; peringkat di bawah tetap yang terakhir dihitung.");

  function showShares(shares) {
    for (const k of Object.keys(weights)) {
      const knob = Math.round((weights[k] || 0) * 100);
      const share = shares ? fmt.pct(shares[k]) : "–";
      const o = document.getElementById(`out-${k}`);
      if (o) {
        o.querySelector(".knob").textContent = String(knob);
        o.querySelector(".share").textContent = share;
      }
      const slider = document.getElementById(`w-${k}`);
      if (slider) slider.setAttribute("aria-valuetext", `${knob}, porsi ${share} dari skor`);
    }
    allZero.hidden = Boolean(shares);
  }

  const sliders = Object.entries(FACTORS).map(([key, meta]) => {
    const knob = Math.round((weights[key] || 0) * 100);
    const output = h("output", { id: `out-${key}`, for: `w-${key}` },
      h("span", { class: "knob" }, String(knob)), " → ", h("span", { class: "share" }, fmt.pct(weights[key])));
    const input = h("input", {
      id: `w-${key}`, type: "range", min: 0, max: 100, step: 5, value: knob,
      "aria-valuetext": `${knob}, porsi ${fmt.pct(weights[key])} dari skor`,
    });
    input.addEventListener("input", () => {
      weights[key] = Number(input.value) / 100;
      const shares = normalised();
      showShares(shares);
      clearTimeout(timer);
      if (shares) timer = setTimeout(() => rank(shares), 250);
    });
    return h("div", { class: "slider" }, h("label", { for: `w-${key}` }, meta.label), input, output);
  });

  add(main, 
    h("h2", null, position.name),
    h("p", { class: "meta" }, `${position.opd} · ${label("jenis_jabatan", position.jenis)}${position.jenjang ? ` ${label("jenjang", position.jenjang)}` : ""} · ${position.vacant ? "lowong" : "terisi"}`),
    h("p", { class: "row" }, h("a", { href: `#/cetak/${id}` }, "Cetak / PDF untuk Baperjakat"),
      ...["xlsx", "csv"].map((kind) => h("button", {
        type: "button", class: "secondary", onclick: async () => {
          try {
            await download(`/v1/positions/${encodeURIComponent(id)}/ranking/export?format=${kind}&top_k=50`, `peringkat-${id}.${kind}`);
          } catch (err) {
            add(status, " ", errorBox(err));
          }
        },
      }, kind === "xlsx" ? "Unduh Excel" : "Unduh CSV"))),
    requirementsList(position),
    h("section", { class: "card whatif", "aria-labelledby": "whatif-title" },
      h("h3", { id: "whatif-title" }, "Bagaimana jika bobot diubah? (tidak disimpan)"),
      h("p", { class: "hint" }, "Angka kiri: posisi penggeser (0–100). Persen: porsinya dalam skor, setelah keempat bobot dijumlahkan menjadi 100%."),
      sliders, allZero,
      h("button", { type: "button", class: "link", onclick: () => { Object.assign(weights, policy.weights); for (const [k, v] of Object.entries(weights)) { document.getElementById(`w-${k}`).value = Math.round(v * 100); } showShares(normalised()); rank(null); } }, "Kembalikan bobot kebijakan")),
    h("p", null, poolOnly, " ", h("label", { for: "pool-only" }, "Hanya kelompok rencana suksesi (kotak talenta 7–9)")),
    legend(), h("p", { class: "row" }, compare), status,
    h("div", { class: "split wide" }, list, h("div", null, saveShortlistForm(id, position.name, () => selected), side)),
  );
  await rank(null);
}
