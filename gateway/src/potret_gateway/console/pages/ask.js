// "Tanya Potret": questions in Bahasa Indonesia over POST /v1/ask, with the interpretation
// shown as chips that correct it with one change.
import { api, errorBox } from "../app.js";
import { add, h } from "../dom.js";
import { candidateCard, EDUCATION, GOLONGAN, hitCard, peopleFor } from "./common.js";

const DRAFT = "potret.draft";
const CONVERSATION = "potret.conversation";
const INTENTS = {
  find_experts: "Cari ahli bidang",
  best_for_position: "Terbaik untuk jabatan",
  profile_lookup: "Cari profil",
  explain_candidate: "Jelaskan kandidat",
  nine_box: "Kotak talenta",
  compare: "Bandingkan",
};
let domainList = null;

async function domains() {
  if (!domainList) domainList = await api("/v1/domains");
  return domainList;
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
    textChip(`opd-${n}`, "OPD", it.opd, change("opd")),
    select(`golongan-${n}`, "Golongan min.", GOLONGAN.map((g) => [g, g]), it.golongan_min, change("golongan_min")),
    select(`education-${n}`, "Pendidikan min.", EDUCATION.map((e) => [e, e]), it.education_min, change("education_min")),
    select(`count-${n}`, "Jumlah", [3, 5, 10, 20].map((c) => [String(c), String(c)]), it.count ? String(it.count) : null, change("count")),
    it.intent === "nine_box" ? select(`box-${n}`, "Kotak", [1, 2, 3, 4, 5, 6, 7, 8, 9].map((b) => [String(b), String(b)]), it.box ? String(it.box) : null, change("box")) : null,
  );
}

let log = null;
let turns = 0;

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
  const body = { question };
  const conversation = sessionStorage.getItem(CONVERSATION);
  if (conversation && !interpretation) body.conversation_id = conversation;
  if (interpretation) body.interpretation = interpretation;
  const box = h("section", { class: "turn", "aria-label": `Tanya-jawab ke-${turn}` },
    h("p", { class: "question" }, h("strong", null, "Anda: "), question, interpretation ? " (dikoreksi)" : ""),
    h("p", { class: "pending" }, "Mencari jawaban…"));
  add(log, box);
  try {
    const reply = await api("/v1/ask", { method: "POST", body });
    sessionStorage.setItem(CONVERSATION, reply.conversation_id);
    box.lastChild.remove();
    const answer = h("div", { class: "answer", dataset: { intent: reply.intent } },
      reply.degraded ? h("p", { class: "warning" }, "Jawaban terbatas: satu layanan sedang tidak tersedia.") : null,
      h("p", { class: "answer-text" }, reply.answer));
    add(box, reply.intent === "unknown" ? answer : await chips(turn, reply.interpretation, question), answer);
    const cards = await results(reply, question);
    if (cards) add(box, cards);
    sessionStorage.removeItem(DRAFT);
  } catch (err) {
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
  const form = h("form", { class: "ask" },
    h("label", { for: "question" }, "Pertanyaan"), input,
    h("div", { class: "row" },
      h("button", { type: "submit" }, "Tanya"),
      h("button", { type: "button", class: "link", onclick: () => { sessionStorage.removeItem(CONVERSATION); log.replaceChildren(); } }, "Percakapan baru")));
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
    await send(question, null);
    input.value = "";
    input.focus();
  });
  add(main, h("h2", null, "Tanya Potret"),
    h("p", { class: "hint" }, "Jawaban hanya dari data kepegawaian; interpretasi pertanyaan selalu ditampilkan."),
    log, form);
  input.focus();
  try {
    await domains();
  } catch (err) {
    add(main, errorBox(err));
  }
}
