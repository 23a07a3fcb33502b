// Corrections: the ASN files one on their own record with a form of the fact's own kind
// and follows its status; BKPSDM works through the queue (name, current and proposed value
// side by side) and approves or rejects with a reason.
import { api, errorBox, session } from "../app.js";
import { add, clear, fmt, h, label, labelTable } from "../dom.js";
import { GOLONGAN } from "./common.js";

// What an ASN may correct, and how each is edited: a list of facts is a table with one
// control per column (the allowed values as choices, from the label tables), a single fact is
// one control. Columns a form does not show (SKP nilai, assessment levels ...) are kept as
// they are in the record.
const YEAR = { type: "number", min: 1950, max: 2100 };
export const SCHEMA = {
  skp: { title: "SKP", cols: [["year", "Tahun", YEAR], ["hasil_kerja", "Hasil kerja", "rating?"], ["perilaku_kerja", "Perilaku kerja", "rating?"], ["predikat", "Predikat", "predikat?"]] },
  education: { title: "Pendidikan", cols: [["level", "Jenjang", "education_level"], ["major", "Jurusan", "text"], ["institution", "Institusi", "text"], ["year", "Tahun lulus", YEAR]] },
  trainings: { title: "Pelatihan", cols: [["kind", "Jenis", "training_kind"], ["name", "Nama pelatihan", "text"], ["leadership", "Diklat kepemimpinan", "leadership?"], ["hours", "Jam", { type: "number", min: 0, max: 5000 }], ["year", "Tahun", YEAR]] },
  certifications: { title: "Sertifikasi", cols: [["name", "Nama sertifikat", "text"], ["issuer", "Penerbit", "text"], ["year", "Tahun", YEAR]] },
  assessments: { title: "Asesmen", cols: [["date", "Tanggal", "date"], ["institution", "Lembaga", "text"], ["jpm", "JPM (%)", { type: "number", min: 0, max: 300, step: "0.01" }], ["potential_category", "Kategori potensi", "potential?"]] },
  positions: { title: "Riwayat jabatan", cols: [["jabatan", "Jabatan", "text"], ["jenis", "Jenis", "jenis_jabatan"], ["jenjang", "Jenjang", "jenjang?"], ["opd", "OPD", "text"], ["unit", "Unit", "text"], ["tmt_start", "TMT mulai", "date"], ["tmt_end", "TMT selesai", "date?"]] },
  innovations: { title: "Inovasi", cols: [["kind", "Jenis", "innovation_kind"], ["title", "Judul", "text"], ["year", "Tahun", YEAR], ["role", "Peran", "text"]] },
  awards: { title: "Penghargaan", cols: [["name", "Nama penghargaan", "text"], ["issuer", "Pemberi", "text"], ["year", "Tahun", YEAR]] },
  personal: { title: "Data pribadi", obj: [["nik", "text"], ["birth_place", "text"], ["address", "text"], ["religion", "text"], ["marital_status", "text"]] },
  golongan: { title: "Golongan", one: "golongan" },
  tmt_golongan: { title: "TMT golongan", one: "date" },
  jabatan: { title: "Jabatan", one: "text" },
  unit: { title: "Unit kerja", one: "text" },
  name: { title: "Nama", one: "text" },
  gelar_depan: { title: "Gelar depan", one: "text" },
  gelar_belakang: { title: "Gelar belakang", one: "text" },
};
const FIELDS = Object.entries(SCHEMA).map(([f, s]) => [f, s.title]);
const STATUS = { diajukan: "diajukan, menunggu BKPSDM", disetujui: "disetujui dan diterapkan", ditolak: "ditolak" };

function statusLine(c) {
  const decided = c.decided_at ? ` — ${fmt.time(c.decided_at)}${c.decision_note ? `: ${c.decision_note}` : ""}` : "";
  return `${c.id} · ${label("field", c.field)} · ${STATUS[c.status] || c.status}${decided}`;
}

/** One control for one value of kind `kind` ("rating?": optional choice of table rating). */
function control(kind, value, id, labelText) {
  const optional = typeof kind === "string" && kind.endsWith("?");
  const base = typeof kind === "string" ? kind.replace("?", "") : "number";
  const common = { id, "aria-label": labelText };
  if (base === "golongan") {
    return h("select", common, GOLONGAN.map((g) => h("option", { value: g, selected: g === value }, g)));
  }
  if (base === "text") return h("input", { ...common, value: value ?? "" });
  if (base === "date") return h("input", { ...common, type: "date", value: value ?? "" });
  if (typeof kind === "object") return h("input", { ...common, ...kind, value: value ?? "" });
  return h("select", common,
    optional ? h("option", { value: "" }, "— tidak diisi —") : null,
    labelTable(base).map(([code, text]) => h("option", { value: code, selected: code === value }, text)));
}

function read(kind, el) {
  const v = el.value;
  if (typeof kind === "object") return v === "" ? null : Number(v);
  return v === "" ? null : v;
}

/** A form for one field of a record: `value()` gives the proposed value, shaped as the API
 * takes it (rows keep the columns the form does not show). */
export function valueEditor(field, current, prefix = "k") {
  const spec = SCHEMA[field];
  if (spec.one) {
    const el = control(spec.one, current, `${prefix}-value`, "Nilai yang benar");
    return { el, value: () => read(spec.one, el) };
  }
  if (spec.obj) { // one record of named parts (personal data): one control per part
    const base = current && typeof current === "object" ? current : {};
    const parts = spec.obj.map(([key, kind]) => [key, kind, control(kind, base[key], `${prefix}-${key}`, label("personal", key))]);
    return {
      el: h("div", { class: "stack" }, parts.map(([key, , el]) => [h("label", { for: el.id }, label("personal", key)), el])),
      value: () => {
        const out = { ...base };
        for (const [key, kind, el] of parts) {
          const v = read(kind, el);
          if (v === null) delete out[key];
          else out[key] = v;
        }
        return out;
      },
    };
  }
  const rows = [];
  const body = h("tbody");
  function addRow(original) {
    const cells = spec.cols.map(([key, title, kind]) => [key, kind, control(kind, original[key], `${prefix}-${rows.length}-${key}`, `${title} baris ${rows.length + 1}`)]);
    const row = { original, cells };
    const tr = h("tr", null, cells.map(([, , el]) => h("td", null, el)),
      h("td", null, h("button", { type: "button", class: "link", onclick: () => { rows.splice(rows.indexOf(row), 1); tr.remove(); } }, "Hapus baris")));
    if (field === "skp") { // the predikat follows the matrix of hasil × perilaku kerja
      const get = (k) => cells.find(([key]) => key === k)[2];
      const fill = () => {
        const hasil = get("hasil_kerja").value;
        const perilaku = get("perilaku_kerja").value;
        const found = Object.fromEntries(labelTable("skp_matrix"))[`${hasil}|${perilaku}`];
        if (hasil && perilaku && found) get("predikat").value = found;
      };
      get("hasil_kerja").addEventListener("change", fill);
      get("perilaku_kerja").addEventListener("change", fill);
    }
    rows.push(row);
    body.append(tr);
  }
  (Array.isArray(current) ? current : []).forEach((r) => addRow({ ...r }));
  const el = h("div", { class: "editor" },
    h("div", { class: "scroll" }, h("table", { class: "table small" },
      h("thead", null, h("tr", null, spec.cols.map(([, title]) => h("th", { scope: "col" }, title)), h("th", { scope: "col" }, "Aksi"))),
      body)),
    h("button", { type: "button", class: "secondary", onclick: () => addRow({}) }, "Tambah baris"),
    field === "skp" ? h("p", { class: "hint" }, "Predikat terisi sendiri dari hasil kerja dan perilaku kerja (matriks PermenPANRB 6/2022).") : null);
  return {
    el,
    value: () => rows.map(({ original, cells }) => {
      const out = { ...original };
      for (const [key, kind, control] of cells) {
        const v = read(kind, control);
        if (v === null) delete out[key];
        else out[key] = v;
      }
      return out;
    }),
  };
}

/** A value as a person reads it: a list as a table of its shown columns (codes as labels),
 * a single value as text. `other` (the value it is compared with) marks what differs. */
export function valueView(field, value, other) {
  const spec = SCHEMA[field];
  const text = (kind, v) => {
    if (v === null || v === undefined || v === "") return "—";
    const base = typeof kind === "string" ? kind.replace("?", "") : "";
    if (base === "date") return fmt.date(v);
    if (typeof kind === "object" || ["text", "golongan"].includes(base)) return String(v);
    return label(base, v);
  };
  if (spec && spec.obj) {
    const now = value && typeof value === "object" ? value : {};
    const before = other && typeof other === "object" ? other : null;
    return h("table", { class: "table small" }, h("tbody", null, spec.obj.map(([key, kind]) => h("tr", {
      class: before && (before[key] ?? null) !== (now[key] ?? null) ? "changed" : null,
    }, h("th", { scope: "row" }, label("personal", key)), h("td", null, key === "marital_status" ? text("marital", now[key]) : text(kind, now[key]))))));
  }
  if (!spec || spec.one) {
    const shown = spec ? text(spec.one, value) : JSON.stringify(value);
    return h("p", { class: other !== undefined && JSON.stringify(other) !== JSON.stringify(value) ? "changed" : null }, shown);
  }
  const rows = Array.isArray(value) ? value : [];
  const others = Array.isArray(other) ? other.map((r) => JSON.stringify(spec.cols.map(([k]) => r[k] ?? null))) : null;
  return h("table", { class: "table small" },
    h("thead", null, h("tr", null, spec.cols.map(([, title]) => h("th", { scope: "col" }, title)))),
    h("tbody", null, rows.length ? rows.map((r) => {
      const key = JSON.stringify(spec.cols.map(([k]) => r[k] ?? null));
      return h("tr", { class: others && !others.includes(key) ? "changed" : null },
        spec.cols.map(([k, , kind]) => h("td", null, text(kind, r[k]))));
    }) : h("tr", null, h("td", { colspan: spec.cols.length }, "kosong"))));
}

/** A refusal's field paths in the form's own words: "proposed_value.skp.2.year" ->
 * "SKP baris 3 · Tahun" (the row and column the person sees). */
function readable(err) {
  const errors = err && err.problem && err.problem.errors;
  if (!errors) return err;
  for (const e of errors) {
    const m = /^proposed_value\.(\w+)(?:\.(\d+))?(?:\.(\w+))?/.exec(e.field || "");
    const spec = m && SCHEMA[m[1]];
    if (!spec) continue;
    const col = m[3] && (spec.cols || []).find(([k]) => k === m[3]);
    const where = m[2] !== undefined ? `${spec.title} baris ${Number(m[2]) + 1}` : spec.title;
    e.field = [where, col ? col[1] : (m[3] ? label("personal", m[3]) : null)].filter(Boolean).join(" · ");
  }
  return err;
}

/** The ASN's own corrections and a form to file one (on the profile page): the field's
 * current value in a form of its own kind, changed in place. */
export function correctionBox(profile) {
  const field = h("select", { id: "k-field" }, FIELDS.map(([f, title]) => h("option", { value: f }, title)));
  const slot = h("div");
  const reason = h("textarea", { id: "k-reason", rows: 2, required: true, minlength: 10 });
  const attachment = h("input", { id: "k-attach", placeholder: "nomor/URL dokumen" });
  const list = h("ul", { class: "corrections", "aria-live": "polite" });
  const out = h("div", { "aria-live": "polite" });
  let editor = null;
  const current = () => {
    editor = valueEditor(field.value, profile[field.value]);
    add(clear(slot), h("p", { class: "label" }, "Nilai yang benar"), editor.el);
  };
  field.addEventListener("change", current);
  current();
  async function refresh() {
    clear(list);
    try {
      const res = await api(`/v1/corrections?nip=${encodeURIComponent(profile.nip)}`);
      add(list, res.data.length ? res.data.map((c) => h("li", null, statusLine(c))) : h("li", null, "Belum ada koreksi."));
    } catch (err) {
      add(list, h("li", null, errorBox(err)));
    }
  }
  const form = h("form", {
    class: "stack wide",
    onsubmit: async (e) => {
      e.preventDefault();
      clear(out);
      try {
        const c = await api("/v1/corrections", { method: "POST", body: { nip: profile.nip, field: field.value, proposed_value: editor.value(), reason: reason.value, attachment: attachment.value } });
        add(out, h("p", { class: "ok" }, `Koreksi ${c.id} diajukan; BKPSDM akan menelaahnya.`));
        await refresh();
      } catch (err) {
        add(out, errorBox(readable(err)));
      }
    },
  },
  h("label", { for: "k-field" }, "Data yang dikoreksi"), field,
  slot,
  h("label", { for: "k-reason" }, "Alasan"), reason,
  h("label", { for: "k-attach" }, "Dokumen pendukung"), attachment,
  h("button", { type: "submit" }, "Ajukan koreksi"));
  refresh();
  return h("section", { class: "card", "aria-labelledby": "k-title" }, h("h3", { id: "k-title" }, "Koreksi data saya"),
    h("p", { class: "hint" }, "Tidak ada yang berubah sebelum disetujui BKPSDM; setiap langkah tercatat di jejak audit."),
    list, form, out);
}

/** BKPSDM's queue: pending corrections, oldest first, each approved or rejected. */
export async function correctionsPage(main) {
  const queue = h("div", { "aria-live": "polite" });
  async function load() {
    clear(queue);
    const res = await api("/v1/corrections?status=diajukan");
    if (!res.data.length) return add(queue, h("p", null, "Tidak ada koreksi yang menunggu."));
    // Each person's current record, to show beside what is proposed (one read per person).
    const people = new Map();
    const gone = new Set();
    await Promise.all([...new Set(res.data.map((c) => c.nip))].map(async (nip) => {
      try {
        people.set(nip, await api(`/v1/profiles/${encodeURIComponent(nip)}`));
      } catch (err) {
        // said so; the decision can still be made on the document
        if (err.status === 404) gone.add(nip);
      }
    }));
    add(queue, res.data.map((c) => {
      const note = h("input", { id: `note-${c.id}`, placeholder: "alasan (wajib bila ditolak)" });
      const out = h("div", { "aria-live": "polite" });
      const decide = (decision) => async () => {
        clear(out);
        try {
          await api(`/v1/corrections/${c.id}/decision`, { method: "POST", body: { decision, note: note.value } });
          await load();
        } catch (err) {
          add(out, errorBox(err));
        }
      };
      const person = people.get(c.nip);
      const now = person ? person[c.field] : undefined;
      return h("article", { class: "card correction" },
        h("h3", null, person ? person.name : `NIP ${c.nip}`, ` · ${label("field", c.field)}`),
        h("p", { class: "meta" }, `${c.id} · NIP ${c.nip}${person ? ` · ${person.jabatan} · ${person.opd}` : ""}`),
        h("p", null, `Alasan: ${c.reason}`), c.attachment ? h("p", null, `Dokumen: ${c.attachment}`) : null,
        h("div", { class: "cols compare-values" },
          h("section", null, h("h4", null, "Saat ini"), person ? valueView(c.field, now) : h("p", null, gone.has(c.nip) ? "profil sudah tidak ada (dihapus atau digabung)" : "profil tidak dapat dibaca saat ini")),
          h("section", null, h("h4", null, "Diusulkan"), valueView(c.field, c.proposed_value, now))),
        h("p", { class: "meta" }, `diajukan ${fmt.time(c.filed_at)} oleh ${c.filed_by}`),
        h("label", { for: `note-${c.id}` }, "Catatan keputusan"), note,
        h("button", { type: "button", onclick: decide("setujui") }, "Setujui"), " ",
        h("button", { type: "button", class: "secondary", onclick: decide("tolak") }, "Tolak"), out);
    }));
  }
  add(main, h("h2", null, "Koreksi data"), h("p", null, `Antrean telaah BKPSDM (${session.me.name}).`), queue);
  await load();
}
