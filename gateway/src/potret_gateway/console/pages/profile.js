// Profile: the record as a timeline, expertise with evidence, and (for the ASN themself or
// an admin) the gap analysis to a chosen position.
import { api, errorBox, session } from "../app.js";
import { add, clear, fmt, h, label } from "../dom.js";
import { candidateCard, provenanceList } from "./common.js";
import { correctionBox } from "./corrections.js";

// The record's provenance, set by profilePage: {group: {source, ref, changed_at, text, ...}}.
let provenance = {};
const origin = (group) => provenance[group] ? h("p", { class: "source" }, `Asal: ${provenance[group].text}`) : null;

function section(title, rows, render, group) {
  if (!rows || !rows.length) return null;
  return h("section", { class: "card" }, h("h3", null, title), h("ul", { class: "timeline" }, rows.map((r) => h("li", null, render(r)))), origin(group));
}

const byYear = (a, b) => String(b.year ?? b.tmt_start ?? b.date ?? "").localeCompare(String(a.year ?? a.tmt_start ?? a.date ?? ""));

async function expertise(nip) {
  const codes = (await api("/v1/domains")).map((d) => d.code);
  const params = new URLSearchParams({ nip, limit: "1" });
  codes.forEach((c) => params.append("domain", c));
  const res = await api(`/v1/search?${params}`);
  const hit = res.data[0];
  if (!hit) return h("p", null, "Belum ada bukti keahlian bidang yang tercatat.");
  const ranked = Object.entries(hit.expertise || {}).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).slice(0, 5);
  return h("ul", { class: "expertise-list" }, ranked.map(([code, score]) => h("li", null,
    h("strong", null, `${label("domain", code)}: ${Math.round(score * 100)}/100`),
    h("ul", { class: "evidence" }, (hit.evidence[code] || []).map((e) => h("li", null, e))))));
}

async function gapAnalysis(nip, person) {
  const positions = (await api("/v1/positions?limit=500")).data;
  const options = positions.map((p) => h("option", { value: p.position_id }, `${p.name} (${p.opd})`));
  const choose = h("select", { id: "target" }, h("option", { value: "" }, "— pilih jabatan tujuan —"), options);
  // 266 posts in Gresik's catalogue: typing narrows the list
  const narrow = h("input", { id: "target-filter", type: "search", placeholder: "ketik sebagian nama jabatan atau OPD", autocomplete: "off" });
  narrow.addEventListener("input", () => {
    const needle = narrow.value.trim().toLowerCase();
    for (const o of options) o.hidden = Boolean(needle) && !o.textContent.toLowerCase().includes(needle);
  });
  const out = h("div", { "aria-live": "polite" });
  choose.addEventListener("change", async () => {
    clear(out);
    if (!choose.value) return;
    try {
      const res = await api("/v1/positions/explain", { method: "POST", body: { position: { position_id: choose.value }, nip } });
      const c = res.candidate;
      add(out, candidateCard(c, person), provenanceList(res.provenance),
        h("h4", null, "Yang perlu dipenuhi"),
        (c.gaps || []).length ? h("ul", { class: "gaps" }, c.gaps.map((g) => h("li", null, g.text))) : h("p", null, "Tidak ada kekurangan: semua syarat terpenuhi."));
    } catch (err) {
      add(out, errorBox(err));
    }
  });
  return h("section", { class: "card gap", "aria-labelledby": "gap-title" },
    h("h3", { id: "gap-title" }, "Analisis kesenjangan ke jabatan tujuan"),
    h("label", { for: "target-filter" }, "Saring jabatan tujuan"), narrow,
    h("label", { for: "target" }, "Jabatan tujuan"), choose, out);
}

export async function profilePage(main, nip) {
  const p = await api(`/v1/profiles/${encodeURIComponent(nip)}`);
  const me = session.me;
  const title = [p.gelar_depan, p.name, p.gelar_belakang].filter(Boolean).join(" ");
  const personal = p.personal ? Object.entries(p.personal).filter(([, v]) => v) : [];
  provenance = p.provenance || {};
  add(main, 
    h("h2", null, title),
    h("p", { class: "meta" }, `NIP ${p.nip} · ${label("status", p.status)} · golongan ${p.golongan}${p.tmt_golongan ? ` (TMT ${fmt.date(p.tmt_golongan)})` : ""} · ${p.jabatan} · ${p.opd}${p.tmt_pensiun ? ` · TMT pensiun ${fmt.date(p.tmt_pensiun)}${p.bup_pensiun ? ` (BUP ${p.bup_pensiun} tahun)` : ""}` : ""}${p.tmt_cpns ? ` · TMT CPNS ${fmt.date(p.tmt_cpns)}` : ""}${p.tmt_pns ? ` · TMT PNS ${fmt.date(p.tmt_pns)}` : ""}`),
    origin("pangkat"),
    personal.length ? h("details", { class: "card" }, h("summary", null, "Data pribadi"),
      h("dl", null, personal.flatMap(([k, v]) => [h("dt", null, label("personal", k)), h("dd", null, String(v))]))) : null,
    h("div", { class: "cols" },
      section("Riwayat jabatan", [...(p.positions || [])].sort(byYear), (r) => `${fmt.date(r.tmt_start)}${r.tmt_end ? ` s.d. ${fmt.date(r.tmt_end)}` : " s.d. sekarang"} — ${r.jabatan}, ${r.opd}${r.tmt_pelantikan ? ` (dilantik ${fmt.date(r.tmt_pelantikan)})` : ""}`, "jabatan"),
      section("Pendidikan", [...(p.education || [])].sort(byYear), (r) => `${r.year} — ${label("education_level", r.level)} ${r.major || ""} ${r.institution ? `(${r.institution})` : ""}`, "pendidikan"),
      section("Pelatihan", [...(p.trainings || [])].sort(byYear), (r) => `${r.year} — ${r.name} (${r.hours} JP)`, "pelatihan"),
      section("Kinerja (SKP)", [...(p.skp || [])].sort(byYear), (r) => `${r.year} — ${r.predikat ? label("predikat", r.predikat) : "-"}`, "skp"),
      section("Asesmen kompetensi", [...(p.assessments || [])].sort(byYear), (r) => `${fmt.date(r.date)} — JPM ${r.jpm ?? "-"} ${r.institution ? `(${r.institution})` : ""}`, "kompetensi"),
      section("Inovasi", [...(p.innovations || [])].sort(byYear), (r) => `${r.year} — ${r.title}`, "penghargaan"),
      section("Sertifikasi", [...(p.certifications || [])].sort(byYear), (r) => `${r.year} — ${r.name}`, "pelatihan"),
      section("Hukuman disiplin", p.discipline || [], (r) => `${fmt.date(r.tmt)} — ${label("discipline", r.level)}: ${r.form}${r.cancelled ? " (dibatalkan)" : ""}`, "disiplin"),
    ),
  );
  const expertiseBox = h("section", { class: "card", "aria-labelledby": "exp-title" }, h("h3", { id: "exp-title" }, "Keahlian bidang dan buktinya"));
  add(main, expertiseBox);
  if (me.scopes.includes("search")) {
    expertise(nip).then((el) => add(expertiseBox, el), (err) => add(expertiseBox, errorBox(err)));
  } else {
    add(expertiseBox, h("p", null, "Skor keahlian bidang dilihat oleh BKPSDM dan pimpinan. Bukti yang dihitung adalah riwayat jabatan, pendidikan, pelatihan dan sertifikat di atas; bila ada yang keliru, ajukan koreksi di bawah."));
  }
  if (me.nip === nip || me.role === "admin") add(main, await gapAnalysis(nip, { name: title, jabatan: p.jabatan, opd: p.opd, golongan: p.golongan }));
  if (me.nip === nip) add(main, correctionBox(p));
}
