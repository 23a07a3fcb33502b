// Shortlists (daftar pendek) that last: the lists a user may see, and one list with a note
// and a status per candidate, today's score next to the list's basis, what changed since,
// sharing, and who changed what. Every change names the version it was made on: a change
// made on an outdated copy is refused by the gateway and the page says so.
import { api, download, errorBox, session, toast } from "../app.js";
import { add, clear, fmt, h, label } from "../dom.js";
import { personLink, refusedForAsn } from "./common.js";

const SHAREABLE = ["pimpinan", "opd_viewer"]; // BKPSDM admin sees every list already
const STATUSES = ["diusulkan", "dinilai", "dipilih", "tidak_dipilih"];
const ACTIONS = {
  dibuat: "membuat daftar",
  kandidat_ditambah: "menambahkan kandidat",
  kandidat_dihapus: "mengeluarkan kandidat",
  status: "mengubah status",
  catatan: "mengubah catatan",
  nama: "mengganti nama daftar",
  dibagikan: "mengubah peran penerima",
  dasar_diperbarui: "memperbarui dasar daftar ke peringkat terbaru",
};

/** "user:bupati (pimpinan)" -> "bupati (Pimpinan)": who, as people read it. */
function who(actor) {
  const user = /^user:([^ ]+) \(([^)]+)\)$/.exec(actor || "");
  if (user) return `${user[1]} (${label("role", user[2])})`;
  const key = /^key:[^ ]+ \((.*)\)$/.exec(actor || "");
  return key ? `aplikasi ${key[1]}` : actor || "";
}

function counts(byStatus) {
  return STATUSES.filter((s) => byStatus[s]).map((s) => `${fmt.num(byStatus[s])} ${label("shortlist_status", s).toLowerCase()}`).join(", ");
}

export async function shortlistsPage(main) {
  if (refusedForAsn(main, "Daftar pendek")) return;
  const res = await api("/v1/shortlists");
  add(main, h("h2", null, "Daftar pendek"),
    h("p", { class: "hint" }, "Daftar pendek dibuat dari halaman jabatan (pilih kandidat, lalu \"Simpan daftar pendek\"). Yang tampil: milik Anda dan yang dibagikan kepada peran Anda."),
    res.data.length ? h("table", { class: "table", id: "shortlists" },
      h("caption", null, `${fmt.num(res.data.length)} daftar pendek`),
      h("thead", null, h("tr", null, ["Nama daftar", "Jabatan", "Pembuat", "Kandidat", "Diubah"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, res.data.map((s) => h("tr", null,
        h("td", null, h("a", { href: `#/daftar/${s.id}` }, s.name)),
        h("td", null, h("a", { href: `#/jabatan/${encodeURIComponent(s.position_id)}` }, s.position_name)),
        h("td", null, s.mine ? "Anda" : who(s.owner)),
        h("td", null, `${fmt.num(s.members)}${s.members ? ` (${counts(s.by_status)})` : ""}`),
        h("td", null, fmt.time(s.updated_at)))))) : h("p", null, "Belum ada daftar pendek."));
}

/** Create a list on the position page: the ticked candidates, else the best `top`. */
export function saveShortlistForm(positionId, positionName, selected) {
  const name = h("input", { id: "sl-name", value: `Calon ${positionName}`, maxlength: 120, required: true });
  const top = h("input", { id: "sl-top", type: "number", min: 1, max: 50, value: 5 });
  const share = h("input", { id: "sl-share", type: "checkbox", checked: true });
  const out = h("div", { "aria-live": "polite" });
  const opdBound = Boolean(session.me && session.me.opd);
  const form = h("form", {
    class: "card stack", id: "sl-form", "aria-labelledby": "sl-title",
    onsubmit: async (e) => {
      e.preventDefault();
      clear(out);
      const nips = [...selected()];
      const body = { name: name.value, position_id: positionId, shared_with: share.checked ? [opdBound ? "opd_viewer" : "pimpinan"] : [] };
      if (nips.length) body.nips = nips;
      else body.from_ranking_top = Number(top.value);
      try {
        const made = await api("/v1/shortlists", { method: "POST", body });
        location.hash = `#/daftar/${made.id}`;
      } catch (err) {
        add(out, errorBox(err));
      }
    },
  },
  h("h3", { id: "sl-title" }, "Simpan daftar pendek"),
  h("p", { class: "hint" }, "Berisi kandidat yang dicentang; bila tidak ada yang dicentang, sekian kandidat teratas yang memenuhi syarat. Skor hari ini disimpan sebagai dasar daftar."),
  h("label", { for: "sl-name" }, "Nama daftar"), name,
  h("label", { for: "sl-top" }, "Jumlah teratas (bila tidak ada yang dicentang)"), top,
  h("p", null, share, " ", h("label", { for: "sl-share" }, opdBound ? "Bagikan kepada pengamat OPD ini" : "Bagikan kepada pimpinan")),
  h("button", { type: "submit" }, "Simpan daftar pendek"), out);
  return form;
}

export async function shortlistPage(main, id) {
  if (refusedForAsn(main, "Daftar pendek")) return;
  const view = h("div", { "aria-live": "polite" });
  const out = h("div", { "aria-live": "polite" });
  add(main, view, out);
  let list = await api(`/v1/shortlists/${encodeURIComponent(id)}`);
  const chosen = new Set();
  // What is typed or chosen but not saved yet, per NIP: a save of one row (or a refusal)
  // redraws the list without losing the others.
  const drafts = new Map();

  async function change(path, method, body) {
    clear(out);
    try {
      list = await api(`/v1/shortlists/${encodeURIComponent(id)}${path}`, { method, body: body && { ...body, version: list.version } });
      render();
      return true;
    } catch (err) {
      render(); // the page shows what is stored, not what was refused
      add(out, errorBox(err));
      if (err.status === 409 && err.problem && (err.problem.type || "").endsWith("shortlist-changed")) {
        add(out, h("button", { type: "button", onclick: async () => { list = await api(`/v1/shortlists/${encodeURIComponent(id)}`); clear(out); render(); } }, "Muat ulang daftar"));
      }
      return false;
    }
  }

  function memberRow(m) {
    const draft = drafts.get(m.nip) || {};
    const keep = () => drafts.set(m.nip, { status: status.value, note: note.value });
    const status = h("select", { id: `st-${m.nip}`, "aria-label": `Status ${m.name || m.nip}`, onchange: keep },
      STATUSES.map((s) => h("option", { value: s, selected: s === (draft.status ?? m.status) }, label("shortlist_status", s))));
    const note = h("textarea", { id: `nt-${m.nip}`, rows: 2, maxlength: 2000, "aria-label": `Catatan ${m.name || m.nip}`, oninput: keep }, draft.note ?? m.note);
    const tick = h("input", { type: "checkbox", id: `cmp-${m.nip}`, checked: chosen.has(m.nip), onchange: (e) => (e.target.checked ? chosen.add(m.nip) : chosen.delete(m.nip)) });
    const now = m.current;
    const moved = now && (Math.round(now.score * 1e4) !== Math.round(m.basis.score * 1e4) || now.eligible !== m.basis.eligible);
    return h("tr", { dataset: { nip: m.nip }, class: moved || !now ? "changed" : null },
      h("td", null, tick, " ", h("label", { for: `cmp-${m.nip}`, class: "sr-only" }, `Pilih ${m.name || m.nip} untuk dibandingkan`)),
      h("td", null, personLink(m.nip, m.name ? m : null), h("br"), h("small", null, [m.nip, m.jabatan, m.opd].filter(Boolean).join(" · "))),
      h("td", null, `${fmt.score(m.basis.score)}${m.basis.eligible ? "" : " (tidak memenuhi syarat)"}`),
      h("td", null, now ? `${fmt.score(now.score)}${now.eligible ? "" : " (tidak memenuhi syarat)"}` : "tidak ada di data"),
      h("td", null, status),
      h("td", null, note),
      h("td", null,
        h("button", { type: "button", onclick: async () => {
          // only what changed: a note on a chosen candidate is not a new choice
          const body = {};
          if (status.value !== m.status) body.status = status.value;
          if (note.value !== m.note) body.note = note.value;
          if (await change(`/members/${m.nip}`, "PATCH", body)) drafts.delete(m.nip);
        } }, "Simpan"),
        list.can_manage ? h("button", { type: "button", class: "link", onclick: () => change(`/members/${m.nip}?version=${list.version}`, "DELETE") }, "Keluarkan") : null));
  }

  function render() {
    const shareBoxes = SHAREABLE.filter((r) => r !== "opd_viewer" || list.opd).map((r) => h("span", { class: "share" },
      h("input", { type: "checkbox", id: `share-${r}`, checked: list.shared_with.includes(r), disabled: !list.can_manage }), " ",
      h("label", { for: `share-${r}` }, label("role", r))));
    const addNip = h("input", { id: "sl-add", inputmode: "numeric", pattern: "\\d{18}", placeholder: "NIP 18 digit" });
    add(clear(view),
      h("h2", null, list.name),
      h("p", { class: "meta" }, "Untuk ", h("a", { href: `#/jabatan/${encodeURIComponent(list.position_id)}` }, list.position_name),
        ` · dibuat oleh ${list.mine ? "Anda" : who(list.owner)} · ${fmt.time(list.created_at)} · kebijakan ${list.policy_version}`),
      (list.notices || []).map((n) => h("p", { class: "warning", role: "note" }, n)),
      list.stale ? h("section", { class: "card warning-box", role: "alert", id: "sl-stale" },
        h("h3", null, "Peringkat berubah sejak daftar ini disusun"),
        h("ul", null, list.changes.map((c) => h("li", null, c.message))),
        h("p", null, "Kandidat tidak dapat ditandai \"Dipilih\" sebelum dasar daftar diperbarui."),
        list.can_manage ? h("button", { type: "button", id: "sl-rebase", onclick: () => change("/rebase", "POST", {}) }, "Perbarui dasar daftar ke peringkat terbaru") : null) : null,
      h("p", { class: "row" },
        h("button", { type: "button", class: "secondary", id: "sl-compare", onclick: () => {
          if (chosen.size < 2 || chosen.size > 4) return toast("Centang 2 sampai 4 kandidat untuk dibandingkan.");
          location.hash = `#/bandingkan/${encodeURIComponent(list.position_id)}/${[...chosen].join(",")}`;
        } }, "Bandingkan yang dicentang"),
        ...["xlsx", "csv"].map((kind) => h("button", { type: "button", class: "secondary", onclick: async () => {
          try {
            await download(`/v1/shortlists/${encodeURIComponent(id)}/export?format=${kind}`, `daftar-pendek-${id}.${kind}`);
          } catch (err) {
            add(clear(out), errorBox(err));
          }
        } }, kind === "xlsx" ? "Unduh Excel" : "Unduh CSV"))),
      h("table", { class: "table shortlist" },
        h("caption", null, `${fmt.num(list.members.length)} kandidat`),
        h("thead", null, h("tr", null, ["Pilih", "Kandidat", "Skor dasar", "Skor hari ini", "Status", "Catatan", "Aksi"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, list.members.map(memberRow))),
      list.can_manage ? h("form", { class: "row", onsubmit: async (e) => {
        e.preventDefault();
        if (await change("/members", "POST", { nips: [addNip.value.trim()] })) addNip.value = "";
      } }, h("label", { for: "sl-add" }, "Tambah kandidat"), addNip, h("button", { type: "submit" }, "Tambah")) : null,
      h("section", { class: "card" }, h("h3", null, "Dibagikan kepada"),
        h("p", null, shareBoxes),
        list.can_manage ? h("button", { type: "button", onclick: () => change("", "PATCH", {
          shared_with: SHAREABLE.filter((r) => document.getElementById(`share-${r}`)?.checked),
        }) }, "Simpan pembagian") : h("p", { class: "meta" }, "Hanya pembuat daftar atau Admin BKPSDM yang mengubah pembagian.")),
      h("details", { class: "card", id: "sl-history" }, h("summary", null, `Riwayat perubahan (${fmt.num(list.history.length)})`),
        h("ol", null, list.history.slice().reverse().map((e) => h("li", null,
          `${fmt.time(e.at)} · ${who(e.actor)} ${ACTIONS[e.action] || e.action}`,
          e.nip ? ` · NIP ${e.nip}` : "",
          e.action === "status" ? `: ${label("shortlist_status", e.before)} → ${label("shortlist_status", e.after)}` : "",
          e.action === "catatan" ? `: "${e.after}"` : "",
          e.action === "nama" ? `: "${e.before}" → "${e.after}"` : "",
          e.action === "dibagikan" ? `: ${(e.after || []).map((r) => label("role", r)).join(", ") || "tidak dibagikan"}` : "")))),
      list.can_manage ? h("p", null, h("button", { type: "button", class: "link danger", onclick: async () => {
        if (!window.confirm(`Hapus daftar pendek "${list.name}"? Jejak audit tetap mencatatnya.`)) return;
        try {
          await api(`/v1/shortlists/${encodeURIComponent(id)}?version=${list.version}`, { method: "DELETE" });
          location.hash = "#/daftar";
        } catch (err) {
          add(clear(out), errorBox(err));
        }
      } }, "Hapus daftar ini")) : null);
  }
  render();
}
