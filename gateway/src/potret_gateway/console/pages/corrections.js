// Corrections: the ASN files one on their own record and follows its status; BKPSDM works
// through the queue and approves or rejects with a reason. Values are JSON for lists
// (e.g. the whole SKP list), plain text otherwise.
import { api, errorBox, session } from "../app.js";
import { add, clear, fmt, h, label } from "../dom.js";

const FIELDS = [
  ["skp", "SKP (daftar)"], ["education", "Pendidikan (daftar)"], ["trainings", "Pelatihan (daftar)"],
  ["certifications", "Sertifikasi (daftar)"], ["assessments", "Asesmen (daftar)"], ["positions", "Riwayat jabatan (daftar)"],
  ["innovations", "Inovasi (daftar)"], ["awards", "Penghargaan (daftar)"], ["golongan", "Golongan"], ["tmt_golongan", "TMT golongan"],
  ["jabatan", "Jabatan"], ["unit", "Unit kerja"], ["name", "Nama"], ["gelar_depan", "Gelar depan"], ["gelar_belakang", "Gelar belakang"],
];
const STATUS = { diajukan: "diajukan, menunggu BKPSDM", disetujui: "disetujui dan diterapkan", ditolak: "ditolak" };

function statusLine(c) {
  const decided = c.decided_at ? ` — ${fmt.time(c.decided_at)}${c.decision_note ? `: ${c.decision_note}` : ""}` : "";
  return `${c.id} · ${label("field", c.field)} · ${STATUS[c.status] || c.status}${decided}`;
}

function parseValue(field, text) {
  const list = FIELDS.find(([f]) => f === field)?.[1].includes("daftar");
  return list ? JSON.parse(text || "[]") : text;
}

/** The ASN's own corrections and a form to file one (on the profile page). */
export function correctionBox(profile) {
  const field = h("select", { id: "k-field" }, FIELDS.map(([f, label]) => h("option", { value: f }, label)));
  const value = h("textarea", { id: "k-value", rows: 4 });
  const reason = h("textarea", { id: "k-reason", rows: 2, required: true, minlength: 10 });
  const attachment = h("input", { id: "k-attach", placeholder: "nomor/URL dokumen" });
  const list = h("ul", { class: "corrections", "aria-live": "polite" });
  const out = h("div", { "aria-live": "polite" });
  const current = () => {
    const v = profile[field.value];
    value.value = Array.isArray(v) ? JSON.stringify(v, null, 1) : (v ?? "");
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
    class: "stack",
    onsubmit: async (e) => {
      e.preventDefault();
      clear(out);
      let proposed;
      try {
        proposed = parseValue(field.value, value.value);
      } catch {
        return add(out, h("p", { class: "error", role: "alert" }, "Nilai daftar harus JSON, mis. [{\"year\": 2025, \"predikat\": \"BAIK\"}]"));
      }
      try {
        const c = await api("/v1/corrections", { method: "POST", body: { nip: profile.nip, field: field.value, proposed_value: proposed, reason: reason.value, attachment: attachment.value } });
        add(out, h("p", { class: "ok" }, `Koreksi ${c.id} diajukan; BKPSDM akan menelaahnya.`));
        await refresh();
      } catch (err) {
        add(out, errorBox(err));
      }
    },
  },
  h("label", { for: "k-field" }, "Data yang dikoreksi"), field,
  h("label", { for: "k-value" }, "Nilai yang benar"), value,
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
      return h("article", { class: "card correction" },
        h("h3", null, `${c.id} · NIP ${c.nip} · ${label("field", c.field)}`),
        h("p", null, `Alasan: ${c.reason}`), c.attachment ? h("p", null, `Dokumen: ${c.attachment}`) : null,
        h("pre", null, JSON.stringify(c.proposed_value, null, 1)),
        h("p", { class: "meta" }, `diajukan ${fmt.time(c.filed_at)} oleh ${c.filed_by}`),
        h("label", { for: `note-${c.id}` }, "Catatan keputusan"), note,
        h("button", { type: "button", onclick: decide("setujui") }, "Setujui"), " ",
        h("button", { type: "button", class: "secondary", onclick: decide("tolak") }, "Tolak"), out);
    }));
  }
  add(main, h("h2", null, "Koreksi data"), h("p", null, `Antrean telaah BKPSDM (${session.me.name}).`), queue);
  await load();
}
