// "Tanya Potret": questions in Bahasa Indonesia over POST /v1/ask, with the interpretation
// shown as chips that correct it with one change, and the conversation's active context
// (shown again after a reload, cleared on the server with "Hapus konteks").
import { api, ApiError, errorBox } from "../app.js";
import { add, fmt, h, label } from "../dom.js";
import { candidateCard, EDUCATION, GOLONGAN, hitCard, opdPicker, peopleFor } from "./common.js";

const DRAFT = "potret.draft";
const CONVERSATION = "potret.conversation";
// The intents a correction can take (POST /v1/ask `interpretation.intent`): editable chips.
const INTENTS = {
  find_experts: "Cari ahli bidang",
  best_for_position: "Terbaik untuk jabatan",
  profile_lookup: "Cari profil",
  explain_candidate: "Jelaskan kandidat",
  nine_box: "Kotak talenta",
  compare: "Bandingkan",
};
// Every intent an answer can have; those not in INTENTS are shown as read-only chips.
const INTENT_LABELS = {
  ...INTENTS,
  count: "Jumlah ASN",
  list: "Daftar ASN",
  position_holder: "Pemangku jabatan",
  vacancies: "Jabatan kosong",
  refused: "Ditolak",
  unknown: "Belum dipahami",
};
const VACANCY = { kosong: "tanpa pejabat definitif", plt: "dijabat Plt", both: "kosong atau dijabat Plt" };
let domainList = null;

async function domains() {
  if (!domainList) domainList = await api("/v1/domains");
  return domainList;
}

/** A code's words when no label is known: "kelautan_perikanan" -> "kelautan perikanan". */
const words = (code) => String(code).replaceAll("_", " ").toLowerCase();

function golonganText(g) {
  if (g.eq) return g.eq;
  if (g.min && g.max) return `${g.min} sampai ${g.max}`;
  return g.min ? `${g.min} ke atas` : `${g.max} ke bawah`;
}

function retireText(r) {
  if (r.year !== undefined) return `pada ${r.year}`;
  if (r.within_years !== undefined) return `dalam ${r.within_years} tahun`;
  return `paling cepat ${r.min_years} tahun lagi`;
}

/** The reader's slots (interpretation.reading) as chips that only show, in words. */
async function readingChips(intent, reading) {
  let names = new Map();
  try {
    names = new Map((await domains()).map((d) => [d.code, d.name]));
  } catch {
    // Without the domain list the fields are still shown, in plain words.
  }
  const jenis = [].concat(reading.jenis_jabatan || []);
  const slots = [
    ["Maksud", INTENT_LABELS[intent] || words(intent)],
    ["Bidang", (reading.domains || []).map((d) => names.get(d) || label("domain", d)).join(", ")],
    ["Jabatan", reading.position],
    ["OPD", reading.opd],
    ["Golongan", reading.golongan ? golonganText(reading.golongan) : null],
    ["Pendidikan", reading.education
      ? `${label("education_level", reading.education.level)}${reading.education.op === ">=" ? " ke atas" : ""}` : null],
    ["Jenis jabatan", jenis.map((j) => label("jenis_pejabat", j)).join(" atau ")],
    ["Status", reading.status ? label("status", reading.status) : null],
    ["Pensiun", reading.retire ? retireText(reading.retire) : null],
    ["Rincian per", reading.group_by ? label("group_by", reading.group_by) : null],
    ["Kekosongan", reading.vacancy ? VACANCY[reading.vacancy] || words(reading.vacancy) : null],
    ["Kotak", reading.box],
    ["Jumlah", reading.top],
  ];
  return h("fieldset", { class: "chips readonly" },
    h("legend", null, "Interpretasi"),
    slots.filter(([, value]) => value !== null && value !== undefined && value !== "")
      .map(([label, value]) => h("span", { class: "chip", dataset: { slot: label } },
        h("span", { class: "chip-label" }, label), h("span", null, String(value)))));
}

function select(id, label, options, value, onChange) {
  const el = h("select", { id, onchange: () => onChange(el.value || null) },
    h("option", { value: "" }, "—"),
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
  return h("span", { class: "chip" }, h("label", { for: id }, label), el);
}

function textChip(id, label, value, onChange) {
  const el = h("input", { id, value: value || "", size: 18, onchange: () => onChange(el.value.trim() || null) });
  return h("span", { class: "chip" }, h("label", { for: id }, label), el);
}

/** The OPD chip: free text with the data's OPDs as suggestions (the picker of Cari and
 * Peta talenta). */
function opdChip(id, value, onChange) {
  const [el, list] = opdPicker(id, value || "");
  el.size = 24;
  el.addEventListener("change", () => onChange(el.value.trim() || null));
  return h("span", { class: "chip" }, h("label", { for: id }, "OPD"), el, list);
}

async function chips(turn, it, question) {
  const n = turn;
  const all = await domains();
  const change = (key) => async (value) => {
    const next = { ...it };
    if (key === "domain") next.domains = value ? [value] : [];
    else if (key === "count" || key === "box") next[key] = value ? Number(value) : null;
    else next[key] = value;
    if (["position", "opd", "position_jenis", "intent"].includes(key)) next.position_id = null; // resolve again
    await send(question, next);
  };
  const fixed = ["intent", "domains", "position", "position_id", "position_jenis", "opd", "golongan_min", "education_min", "count", "retire_after_years", "box", "nips", "names"];
  const correction = Object.fromEntries(fixed.map((k) => [k, it[k]]).filter(([, v]) => v !== null && v !== undefined));
  it = correction;
  return h("fieldset", { class: "chips" },
    h("legend", null, "Interpretasi (ubah bila keliru)"),
    select(`intent-${n}`, "Maksud", Object.entries(INTENTS), it.intent, change("intent")),
    select(`domain-${n}`, "Bidang", all.map((d) => [d.code, d.name]), (it.domains || [])[0], change("domain")),
    ["best_for_position", "explain_candidate", "compare"].includes(it.intent)
      ? textChip(`position-${n}`, "Jabatan", it.position, change("position")) : null,
    opdChip(`opd-${n}`, it.opd, change("opd")),
    select(`golongan-${n}`, "Golongan min.", GOLONGAN.map((g) => [g, g]), it.golongan_min, change("golongan_min")),
    select(`education-${n}`, "Pendidikan min.", EDUCATION.map((e) => [e, e]), it.education_min, change("education_min")),
    select(`count-${n}`, "Jumlah", [3, 5, 10, 20].map((c) => [String(c), String(c)]), it.count ? String(it.count) : null, change("count")),
    it.intent === "nine_box" ? select(`box-${n}`, "Kotak", [1, 2, 3, 4, 5, 6, 7, 8, 9].map((b) => [String(b), String(b)]), it.box ? String(it.box) : null, change("box")) : null,
  );
}

let log = null;
let turns = 0;
let contextBar = null;
let epoch = 0; // bumped when the conversation is cleared: a late reply does not revive it

/** The active context above the input, or nothing when there is none. */
function showContext(context) {
  if (!contextBar) return;
  const active = Boolean(context && context.active && context.summary);
  contextBar.hidden = !active;
  contextBar.querySelector(".context-text").textContent = active
    ? `Konteks aktif: ${context.summary}${context.items ? ` (${context.items} nama dapat dirujuk)` : ""}`
    : "";
}

/** Forget the conversation here and on the server (the next question starts afresh). */
async function clearConversation() {
  const id = sessionStorage.getItem(CONVERSATION);
  epoch += 1;
  sessionStorage.removeItem(CONVERSATION);
  log.replaceChildren();
  turns = 0;
  showContext(null);
  if (!id) return;
  try {
    await api(`/v1/ask/conversations/${encodeURIComponent(id)}`, { method: "DELETE" });
  } catch (err) {
    // Already ended on the server (expired, a restarted gateway): nothing left to clear.
    if (!(err instanceof ApiError && err.status === 404)) add(log, errorBox(err));
  }
}

/** After a reload: the stored conversation's turns and context, as the server holds them. */
async function restore() {
  const id = sessionStorage.getItem(CONVERSATION);
  if (!id) return;
  const started = epoch;
  try {
    const held = await api(`/v1/ask/conversations/${encodeURIComponent(id)}`);
    if (started !== epoch) return;
    for (const t of held.turns) {
      const turn = ++turns;
      add(log, h("section", { class: "turn restored", "aria-label": `Tanya-jawab ke-${turn}` },
        h("p", { class: "question" }, h("strong", null, "Anda: "), t.question),
        t.intent === "unknown" ? null : await readingChips(t.intent, {}),
        h("div", { class: "answer", dataset: { intent: t.intent } }, h("p", { class: "answer-text" }, t.answer))));
    }
    showContext(held.context);
  } catch (err) {
    if (started !== epoch) return;
    if (err instanceof ApiError && err.status === 404) {
      sessionStorage.removeItem(CONVERSATION);
      add(log, h("p", { class: "hint ended" }, "Percakapan sebelumnya sudah berakhir."));
    } else {
      add(log, errorBox(err));
    }
  }
}

async function results(reply, question) {
  const items = reply.results || [];
  if (!items.length) return null;
  if (items[0].position_id !== undefined) {
    // Several catalogue posts fit the words: one click ranks the chosen one.
    const base = reply.interpretation;
    return h("ul", { class: "choices" }, items.map((c) => h("li", null,
      h("button", { type: "button", onclick: () => send(question, { intent: base.intent, nips: base.nips, names: base.names, count: base.count, position_id: c.position_id }) },
        `${c.name} — ${c.opd}`))));
  }
  if (items[0].name !== undefined) return h("div", { class: "cards" }, items.map(hitCard));
  if (items[0].factors !== undefined) {
    const people = await peopleFor(items.map((c) => c.nip));
    return h("div", { class: "cards" }, items.map((c) => candidateCard(c, people.get(c.nip))));
  }
  if (items[0].box !== undefined) {
    return h("ul", null, items.map((c) => h("li", null, `Kotak ${c.box} (${c.meaning}): ${c.count} ASN`)));
  }
  return null;
}

async function send(question, interpretation) {
  const turn = ++turns;
  const started = epoch;
  const body = { question };
  const conversation = sessionStorage.getItem(CONVERSATION);
  // A correction stays in the conversation too: its answer is what follow-ups refer to, and
  // the log shown after a reload keeps every turn.
  if (conversation) body.conversation_id = conversation;
  if (interpretation) body.interpretation = interpretation;
  const box = h("section", { class: "turn", "aria-label": `Tanya-jawab ke-${turn}` },
    h("p", { class: "question" }, h("strong", null, "Anda: "), question, interpretation ? " (dikoreksi)" : ""),
    h("p", { class: "pending" }, "Mencari jawaban…"));
  add(log, box);
  try {
    const reply = await api("/v1/ask", { method: "POST", body });
    if (started !== epoch) return; // cleared while it was asked
    sessionStorage.setItem(CONVERSATION, reply.conversation_id);
    showContext(reply.context);
    box.lastChild.remove();
    const answer = h("div", { class: "answer", dataset: { intent: reply.intent } },
      reply.degraded ? h("p", { class: "warning" }, "Jawaban terbatas: satu layanan sedang tidak tersedia.") : null,
      h("p", { class: "answer-text" }, reply.answer));
    // Intents a correction can take get editable chips (interpretation.intent is "unknown" for
    // the others); the rest show what the reader understood, read-only.
    let shown = null;
    if (Object.hasOwn(INTENTS, reply.intent)) shown = await chips(turn, reply.interpretation, question);
    else if (reply.intent !== "unknown") {
      shown = await readingChips(reply.intent, reply.interpretation.reading || {});
    }
    add(box, shown, answer);
    const cards = await results(reply, question);
    if (cards) add(box, cards);
    // the draft was this question, unless another was typed meanwhile
    if ((sessionStorage.getItem(DRAFT) || "").trim() === question) sessionStorage.removeItem(DRAFT);
  } catch (err) {
    if (started !== epoch) return;
    box.lastChild.remove();
    add(box, errorBox(err));
  }
  box.scrollIntoView({ block: "nearest" });
}

export async function askPage(main) {
  turns = 0;
  log = h("div", { class: "log", "aria-live": "polite" });
  const input = h("textarea", {
    id: "question", rows: 2, maxlength: 500, required: true,
    placeholder: "mis. siapa yang paham perikanan? · siapa yang terbaik untuk Kepala Dinas Perikanan?",
    oninput: () => sessionStorage.setItem(DRAFT, input.value),
  });
  input.value = sessionStorage.getItem(DRAFT) || "";
  contextBar = h("div", { class: "context row", hidden: true },
    h("span", { class: "context-text", role: "status" }),
    h("button", { type: "button", class: "link", onclick: clearConversation }, "Hapus konteks"));
  const form = h("form", { class: "ask" },
    contextBar,
    h("label", { for: "question" }, "Pertanyaan"), input,
    h("div", { class: "row" },
      h("button", { type: "submit" }, "Tanya"),
      h("button", { type: "button", class: "link", onclick: clearConversation }, "Percakapan baru")));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (question.length < 2) return;
    // Emptied as it is sent, not after the answer: the next question may be typed while
    // this answer's cards still load, and must not be wiped when they arrive. The draft
    // stays stored until the answer comes (a login in between gives it back).
    input.value = "";
    input.focus();
    await send(question, null);
  });
  const history = h("details", { class: "card", id: "history" }, h("summary", null, "Riwayat saya"));
  add(main, h("h2", null, "Tanya Potret"),
    h("p", { class: "hint" }, "Jawaban hanya dari data kepegawaian; interpretasi pertanyaan selalu ditampilkan."),
    log, form, history);
  input.focus();
  // The user's recent questions (from the audit trail) and lists: a question asked again
  // with one click, a list opened.
  api("/v1/auth/me/history?limit=8").then((res) => {
    add(history,
      h("h3", null, "Pertanyaan terakhir"),
      res.questions.length ? h("ul", null, res.questions.map((q) => h("li", null,
        h("button", { type: "button", class: "link", onclick: () => send(q.question, null) }, q.question),
        h("small", null, ` · ${fmt.time(q.at)}`)))) : h("p", { class: "meta" }, "Belum ada pertanyaan."),
      res.shortlists.length ? [h("h3", null, "Daftar pendek terakhir"), h("ul", null, res.shortlists.map((sl) => h("li", null,
        h("a", { href: `#/daftar/${sl.id}` }, sl.name), h("small", null, ` · ${sl.position_name} · ${fmt.time(sl.updated_at)}`))))] : null);
  }).catch(() => history.remove());
  try {
    await domains();
  } catch (err) {
    add(main, errorBox(err));
  }
  await restore();
}
