// The audit trail for BKPSDM: who read, ranked or changed whom and when, filtered, and the
// result as a file (the hash chain itself is verified with GET /v1/audit/verify).
import { api, errorBox } from "../app.js";
import { add, clear, fmt, h } from "../dom.js";
import { downloadButtons } from "./common.js";

const FIELDS = [
  ["actor", "Pelaku (awal nama, mis. user:bupati)", "text"],
  ["action", "Aksi (mis. rank, shortlists.write)", "text"],
  ["nip", "NIP", "text"],
  ["request_id", "Nomor rujukan / id permintaan", "text"],
  ["since", "Sejak tanggal", "date"],
  ["until", "Sebelum tanggal", "date"],
];

export async function auditPage(main) {
  const inputs = Object.fromEntries(FIELDS.map(([key, , type]) => [key, h("input", { id: `a-${key}`, type })]));
  const out = h("div", { "aria-live": "polite" });
  const exportOut = h("div", { "aria-live": "polite" });
  const params = () => {
    const q = new URLSearchParams();
    for (const [key, el] of Object.entries(inputs)) if (el.value.trim()) q.set(key, el.value.trim());
    return q;
  };
  async function load() {
    clear(out);
    const q = params();
    q.set("limit", "200");
    let res;
    try {
      res = await api(`/v1/audit?${q}`);
    } catch (err) {
      return add(out, errorBox(err));
    }
    add(out, h("table", { class: "table small", id: "audit" },
      h("caption", null, `${fmt.num(res.data.length)} entri${res.next_cursor ? " (200 pertama; persempit saringan atau unduh berkas)" : ""}`),
      h("thead", null, h("tr", null, ["No urut", "Waktu", "Pelaku", "Aksi", "Alamat", "Status", "NIP"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, res.data.map((e) => h("tr", null,
        h("td", null, String(e.seq)), h("td", null, fmt.time(e.at)), h("td", null, e.actor), h("td", null, e.action),
        h("td", null, `${e.method} ${e.path}`), h("td", null, String(e.status)),
        h("td", null, (e.nips || []).slice(0, 5).join(", ") + ((e.nips || []).length > 5 ? " …" : "")))))));
  }
  const form = h("form", { class: "search-form", onsubmit: (e) => { e.preventDefault(); load(); } },
    FIELDS.map(([key, text]) => [h("label", { for: `a-${key}` }, text), inputs[key]]),
    h("button", { type: "submit" }, "Tampilkan"),
    downloadButtons((kind) => { const q = params(); q.set("format", kind); return `/v1/audit/query/export?${q}`; }, "jejak-audit", exportOut));
  add(main, h("h2", null, "Jejak audit"),
    h("p", { class: "hint" }, "Setiap permintaan yang membaca, memeringkat atau mengubah data ASN tercatat di sini dan tidak dapat diubah."),
    form, exportOut, out);
  await load();
}
