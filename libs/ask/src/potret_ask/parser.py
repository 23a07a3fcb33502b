"""Deterministic interpretation of questions in Bahasa Indonesia (no model, works offline).

`interpret(question, previous)` returns a structured `Interpretation`: the intent and the
filters expressed in words. It never answers by itself: the ask endpoint runs the same
structured tools (search, ranking) with it, so a name can only come from the records.

Rules, in order: NIPs and box numbers are read first; then the intent from cue phrases
(explain > compare > 9-box > best-for-position > experts > profile lookup); then filters
(golongan, education, OPD, count, years to retirement); the domain comes from the shared
thesaurus (`potret_expertise.detect_domains`) on the text with OPD and position phrases
removed. A follow-up ("kalau yang S2 saja?", "yang dari Dinas Kelautan?") keeps the previous
intent and its filters, replacing only what it states. Text is only ever data: nothing in
a question is executed or passed on as query syntax.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from potret_asn_rules import GolonganError, parse_golongan
from potret_expertise import detect_domains
from potret_expertise.text import abbreviations

Intent = Literal[
    "find_experts",
    "best_for_position",
    "profile_lookup",
    "explain_candidate",
    "nine_box",
    "compare",
    "unknown",
]
MAX_QUESTION = 500

NUMBER_WORDS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
    "dua belas": 12,
    "lima belas": 15,
    "dua puluh": 20,
}
_NUM = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
GOLONGAN_ORDER = [
    f"{r}/{c}"
    for r, cs in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for c in cs
]
EDUCATION_WORDS = {
    "s3": "S3",
    "doktor": "S3",
    "s2": "S2",
    "magister": "S2",
    "pascasarjana": "S2",
    "s1": "S1",
    "sarjana": "S1",
    "d4": "D4",
    "d iv": "D4",
    "d3": "D3",
    "d iii": "D3",
    "diploma": "D3",
    "sma": "SMA",
    "slta": "SMA",
}
# Position nouns and their spoken abbreviations.
POSITION_HEADS = {
    "kepala dinas": "Kepala Dinas",
    "kadis": "Kepala Dinas",
    "sekretaris dinas": "Sekretaris Dinas",
    "sekdis": "Sekretaris Dinas",
    "kepala badan": "Kepala Badan",
    "kaban": "Kepala Badan",
    "sekretaris badan": "Sekretaris Badan",
    "kepala bidang": "Kepala Bidang",
    "kabid": "Kepala Bidang",
    "kepala bagian": "Kepala Bagian",
    "kabag": "Kepala Bagian",
    "kepala seksi": "Kepala Seksi",
    "kasi": "Kepala Seksi",
    "kepala subbagian": "Kepala Subbagian",
    "kasubbag": "Kepala Subbagian",
    "kepala upt": "Kepala UPT",
    "kepala satuan": "Kepala Satuan",
    "kasat": "Kepala Satuan",
    "kepala pelaksana": "Kepala Pelaksana",
    "kalaksa": "Kepala Pelaksana",
    "kalak": "Kepala Pelaksana",
    "kepala subbidang": "Kepala Subbidang",
    "kasubbid": "Kepala Subbidang",
    "sekcam": "Sekretaris Kecamatan",
    "sekban": "Sekretaris Badan",
    "kapus": "Kepala Puskesmas",
    "direktur": "Direktur",
    "kepala puskesmas": "Kepala Puskesmas",
    "direktur rsud": "Direktur RSUD",
    "sekretaris daerah": "Sekretaris Daerah",
    "sekda": "Sekretaris Daerah",
    "sekretaris dprd": "Sekretaris DPRD",
    "sekwan": "Sekretaris DPRD",
    "inspektur pembantu": "Inspektur Pembantu",
    "irban": "Inspektur Pembantu",
    "inspektur": "Inspektur",
    "camat": "Camat",
    "sekretaris kecamatan": "Sekretaris Kecamatan",
    "lurah": "Lurah",
    "sekretaris": "Sekretaris",
}
# Jenis of each head (domain reference §4.4, PP 18/2016 Pasal 95): Sekda, Sekwan and
# Inspektur are JPT pratama; Inspektur Pembantu is administrator.
POSITION_JENIS = {
    "Sekretaris Daerah": "JPT",
    "Sekretaris DPRD": "JPT",
    "Inspektur Pembantu": "ADMINISTRATOR",
    "Kepala Dinas": "JPT",
    "Kepala Badan": "JPT",
    "Inspektur": "JPT",
    "Direktur RSUD": "JPT",
    "Direktur": "JPT",
    "Kepala Satuan": "JPT",
    "Kepala Pelaksana": "JPT",
    "Kepala Subbidang": "PENGAWAS",
    "Sekretaris Dinas": "ADMINISTRATOR",
    "Sekretaris Badan": "ADMINISTRATOR",
    "Kepala Bidang": "ADMINISTRATOR",
    "Kepala Bagian": "ADMINISTRATOR",
    "Camat": "ADMINISTRATOR",
    "Sekretaris Kecamatan": "ADMINISTRATOR",
    "Kepala Seksi": "PENGAWAS",
    "Kepala Subbagian": "PENGAWAS",
    "Kepala UPT": "PENGAWAS",
    "Kepala Puskesmas": "PENGAWAS",
    "Lurah": "PENGAWAS",
    "Sekretaris": "ADMINISTRATOR",
}
OPD_HEADS = (
    "dinas",
    "badan",
    "bagian",
    "kecamatan",
    "inspektorat",
    "sekretariat",
    "rsud",
    "rumah sakit",
    "puskesmas",
    "satuan polisi",
    "satpol pp",
    "bappeda",
    "bkpsdm",
    "bpkad",
    "bapenda",
    "bpbd",
)
_STOP_AFTER = (
    r"(?=\s+(?:yang|dengan|golongan|gol|minimal|min|maksimal|paling|di atas|ke atas|"
    r"dan|atau|untuk|saja|aja|lulusan|berpendidikan|masih|sebelum|pensiun|"
    r"di\b|dari\b|pada\b|tahun|terbaik|nama|orang)\b|[?.,!;]|$)"
)

# A position or OPD name runs on through "dan" and commas ("Kepala Dinas Pariwisata, Ekonomi
# Kreatif, ... dan Olahraga"): cut there, "Kepala Bidang Pencegahan" would name BPBD's
# Pencegahan dan Kesiapsiagaan instead of Dinkes' Pencegahan dan Pengendalian Penyakit.
_POSITION_STOP = _STOP_AFTER.replace("dan|atau|", "atau|").replace("[?.,!;]", "[?.!;]")
_JF_LEAD_WORDS = frozenset(
    [
        "untuk",
        "jadi",
        "menjadi",
        "calon",
        "kandidat",
        "mengisi",
        "sebagai",
        "terbaik",
        "yang",
        "cocok",
        "siapa",
        "paling",
        "pantas",
        "layak",
        "tepat",
        "orang",
        "asn",
        "pegawai",
    ]
)
_JF_POST_CUES = frozenset({"untuk", "jadi", "menjadi", "calon", "kandidat", "mengisi", "sebagai"})
JF_GRADES = r"ahli\s+(?:pertama|muda|madya|utama)|terampil|mahir|penyelia|pemula"

EXPLAIN_CUES = (
    r"\b(kenapa|mengapa|apa sebab|alasan|kurang apa|apa yang kurang|apa kekurangan|"
    r"tidak masuk|gak masuk|nggak masuk|tidak lolos|tidak memenuhi)\b"
)
COMPARE_CUES = r"\b(bandingkan|banding|bandingin|perbandingan|dibandingkan|versus|vs)\b"
BOX_CUES = r"\b(kotak|9[- ]?box|nine[- ]?box|kotak talenta|talent pool|kelompok rencana suksesi)\b"
BEST_CUES = (
    r"\b(terbaik|paling cocok|cocok|calon|kandidat|pantas|layak|tepat untuk|mengisi|menjabat|"
    r"menggantikan|pengganti|suksesor|siapa yang bisa jadi|bisa jadi)\b"
)
EXPERT_CUES = (
    r"\b(paham|memahami|ahli|pakar|menguasai|berpengalaman|pengalaman|keahlian|mengerti|"
    r"expert|kompeten|jago|spesialis|bidang|latar belakang)\b"
)
LOOKUP_CUES = r"\b(profil|profile|data|biodata|siapa itu|siapakah|cari nama|cari|lihat|tampilkan)\b"
NAME_CUES = r"\b(bernama|atas nama|cari nama|siapa itu|siapakah|profil|biodata)\b"
FOLLOW_UP_CUES = (
    r"^(kalau|kalo|bagaimana kalau|gimana kalau|lalu|terus|bagaimana dengan|gimana dengan|"
    r"yang|hanya|cuma|khusus)\b"
)


@dataclass(frozen=True)
class Interpretation:
    intent: Intent
    domains: tuple[str, ...] = ()
    position: str | None = None  # e.g. "Kepala Dinas Perikanan"
    position_id: str | None = None  # the catalogue entry it names, once resolved
    position_jenis: str | None = None
    opd: str | None = None  # normalised words, resolved against the OPD list later
    golongan_min: str | None = None
    education_min: str | None = None
    count: int | None = None
    retire_after_years: int | None = None
    box: int | None = None
    nips: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    follow_up: bool = False
    notes: tuple[str, ...] = field(default=())

    def position_words(self) -> str:
        """The words that name the post: the position phrase and, if apart, its OPD."""
        words = self.position or ""
        if self.opd and self.opd.lower() not in words.lower():
            words = f"{words} {self.opd}"
        return words

    def as_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}


def _normalise(text: str) -> str:
    text = text.lower()
    text = re.sub(r"[“”\"']", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text


def _number(raw: str) -> int:
    return int(raw) if raw.isdigit() else NUMBER_WORDS[raw]


def _golongan(text: str) -> tuple[str | None, list[str]]:
    notes: list[str] = []
    m = re.search(
        r"\b(minimal|min\.?|paling rendah|sekurang-kurangnya|setidaknya|di atas|diatas|"
        r"lebih dari|lebih tinggi dari|>=?)?\s*(?:golongan|gol\.?)?\s*"
        r"\b(iv|iii|ii|i)\s*/\s*([a-e])\b\s*(ke atas|keatas)?",
        text,
    )
    if not m:
        return None, notes
    try:
        code = parse_golongan(f"{m.group(2).upper()}/{m.group(3)}").code
    except GolonganError:
        return None, [f"golongan {m.group(2)}/{m.group(3)} tidak dikenal"]
    if m.group(1) in ("di atas", "diatas", "lebih dari", "lebih tinggi dari", ">"):
        i = GOLONGAN_ORDER.index(code)
        if i + 1 >= len(GOLONGAN_ORDER):
            return None, ["tidak ada golongan di atas IV/e"]
        code = GOLONGAN_ORDER[i + 1]
    return code, notes


def _education(text: str) -> str | None:
    for word, level in EDUCATION_WORDS.items():
        if re.search(rf"\b{word}\b", text):
            return level
    return None


def _count(text: str) -> int | None:
    m = re.search(
        rf"\b(?:top\s+)?{_NUM}\s+(?:terbaik|teratas|nama|orang|kandidat|calon|asn)\b", text
    )
    if not m:
        m = re.search(rf"\b(?:top|tampilkan|ambil|hanya|cuma)\s+{_NUM}\b", text)
    return _number(m.group(1)) if m else None


def _retirement(text: str) -> int | None:
    m = re.search(
        rf"(?:pensiun(?:nya)?\s+(?:masih\s+)?(?:lebih dari|minimal|>)?\s*{_NUM}\s+tahun"
        rf"(?:\s+lagi)?)"
        rf"|(?:masih\s+{_NUM}\s+tahun\s+(?:lagi\s+)?(?:sebelum|sampai|menuju)\s+pensiun)",
        text,
    )
    if not m:
        return None
    return _number(m.group(1) or m.group(2))


def _expand_opd(words: str) -> str:
    table = abbreviations()
    out = []
    for w in words.split():
        out.append(table.get(w.replace(".", ""), w))
    return " ".join(out)


def _opd(text: str) -> tuple[str | None, str]:
    """The OPD phrase (expanded, lower case) and the text without it."""
    heads = "|".join(re.escape(h) for h in OPD_HEADS)
    table = abbreviations()
    abbrs = (
        "|".join(
            re.escape(k)
            for k, v in table.items()
            if v.startswith(("dinas", "badan", "sekretariat"))
        )
        + "|"
        + "|".join(("bappeda", "bkpsdm", "bpkad", "bapenda", "bpbd", "setda", "setwan", "rsud"))
    )
    m = re.search(
        rf"\b(?:di|dari|pada|dalam|lingkungan)\s+((?:{heads})\b.*?){_POSITION_STOP}", text
    )
    if not m:
        m = re.search(rf"\b((?:{abbrs}))\b", text)
    if not m:
        m = re.search(rf"\b((?:{heads})\s+\w.*?){_STOP_AFTER}", text)
    if not m:
        return None, text
    phrase = m.group(1).strip()
    return _expand_opd(phrase), (text[: m.start()] + " " + text[m.end() :]).strip()


def _position(text: str) -> tuple[str | None, str | None, str]:
    heads = "|".join(re.escape(h) for h in sorted(POSITION_HEADS, key=len, reverse=True))
    m = re.search(rf"\b({heads}|ka(?:dis|din)[a-z]+)\b(.*?){_POSITION_STOP}", text)
    if not m:
        jf = re.search(rf"((?:[a-z]+\s+){{1,10}}(?:{JF_GRADES}))\b", text)
        if jf:  # a functional post, e.g. "Penyuluh Perikanan Ahli Madya"
            words = jf.group(1).split()
            cues = [i for i, w in enumerate(words) if w in _JF_LEAD_WORDS]
            start = jf.start(1) + len(" ".join(words[: cues[-1] + 1])) + 1 if cues else jf.start(1)
            name = re.sub(r"\bDan\b", "dan", text[start : jf.end(1)].title())
            # "Terampil", "Mahir" ... are also plain words: a post only after a cue
            # ("calon", "untuk", "jadi" ...); "Ahli Madya" and the like are always grades.
            skill_only = not re.search(r"\bahli\s+(?:pertama|muda|madya|utama)$", name.lower())
            first = name.split()[0].lower()
            named_post = bool(cues) and words[cues[-1]] in _JF_POST_CUES
            if first not in ("ahli", "terampil", "mahir", "penyelia", "pemula") and (
                named_post or not skill_only
            ):
                return name, "JF", (text[:start] + " " + text[jf.end(1) :]).strip()
        return None, None, text
    if m.group(1) not in POSITION_HEADS:  # "kadiskes": the head of a dinas, as one word
        name = f"{m.group(1).capitalize()} {_expand_opd(m.group(2).strip()).title()}".strip()
        return name, "JPT", (text[: m.start()] + " " + text[m.end() :]).strip()
    head = POSITION_HEADS[m.group(1)]
    rest = _expand_opd(m.group(2).strip())
    name = f"{head} {rest.title()}".strip() if rest else head
    name = re.sub(r"\bDan\b", "dan", name)
    return name, POSITION_JENIS.get(head), (text[: m.start()] + " " + text[m.end() :]).strip()


def _names(original: str, intent: Intent) -> tuple[str, ...]:
    if intent == "compare":
        m = re.search(
            r"(?:bandingkan|bandingin|banding|perbandingan)\s+(?:antara\s+)?(.+?)\s+"
            r"(?:dan|dengan|vs\.?|versus)\s+(.+?)(?:\s+untuk\b|[?.!]|$)",
            original,
            re.IGNORECASE,
        )
        if m:
            return (m.group(1).strip(), m.group(2).strip())
        m = re.search(r"(.+?)\s+(?:vs\.?|versus)\s+(.+?)(?:\s+untuk\b|[?.!]|$)", original, re.I)
        if m:
            return (m.group(1).strip(), m.group(2).strip())
    if intent == "explain_candidate":
        m = re.search(
            r"(?:kenapa|mengapa|alasan|apa kekurangan|kurang apa)\s+"
            r"(?:si\s+|saudara\s+|bu\s+|pak\s+)?"
            r"([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3})",
            original,
        )
        if m:
            return (m.group(1).strip(),)
    if intent == "profile_lookup":
        m = re.search(
            r"\b(?:bernama|atas nama|cari nama)\s+([A-Za-z][\w'.-]*(?:\s+[A-Za-z][\w'.-]*){0,3})",
            original,
            re.IGNORECASE,
        )
        if m:
            return (m.group(1).strip(" ?"),)
        m = re.search(
            r"(?:profil|profile|data|biodata|siapa itu|siapakah|cari nama|cari|lihat|tampilkan)"
            r"\s+(?:asn\s+|pegawai\s+|bernama\s+|atas nama\s+|nama\s+)?"
            r"([A-Za-z][\w'.-]*(?:\s+[A-Za-z][\w'.-]*){0,3})",
            original,
            re.IGNORECASE,
        )
        if m and not re.fullmatch(r"[\d\s]+", m.group(1)):
            return (m.group(1).strip(" ?"),)
    return ()


def interpret(question: str, previous: Interpretation | None = None) -> Interpretation:
    """The interpretation of one question (with the conversation's previous one, if any)."""
    original = question.strip()[:MAX_QUESTION]
    text = _normalise(original)
    nips = tuple(re.sub(r"\s", "", n) for n in re.findall(r"\b\d{8}\s?\d{6}\s?\d\s?\d{3}\b", text))
    box_match = re.search(r"\bkotak\s*(?:nomor\s*|no\.?\s*)?([1-9])\b", text)
    golongan, notes = _golongan(text)
    position, jenis, rest = _position(text)
    opd, rest = _opd(rest)

    if re.search(EXPLAIN_CUES, text):
        intent: Intent = "explain_candidate"
    elif re.search(COMPARE_CUES, text):
        intent = "compare"
    elif re.search(BOX_CUES, text):
        intent = "nine_box"
    elif re.search(NAME_CUES, text):
        intent = "profile_lookup"
    elif position and (re.search(BEST_CUES, text) or re.search(r"\b(siapa|untuk)\b", text)):
        intent = "best_for_position"
    elif re.search(EXPERT_CUES, text) or (
        re.search(r"\b(siapa|asn|pegawai|orang)\b", text) and detect_domains(rest)
    ):
        intent = "find_experts"
    elif nips or re.search(LOOKUP_CUES, text):
        intent = "profile_lookup"
    else:
        intent = "unknown"

    domain_text = re.sub(rf"{EXPERT_CUES}|{BEST_CUES}", " ", rest)
    domains = tuple(detect_domains(domain_text)) if intent in ("find_experts",) else ()
    if intent == "best_for_position" and position:
        domains = tuple(detect_domains(position))
    names = _names(original, intent)
    found = Interpretation(
        intent=intent,
        domains=domains,
        position=position,
        position_jenis=jenis,
        opd=opd,
        golongan_min=golongan,
        education_min=_education(text),
        count=_count(text),
        retire_after_years=_retirement(text),
        box=int(box_match.group(1)) if box_match else None,
        nips=nips,
        names=names,
        notes=tuple(notes),
    )
    is_follow_up = (
        previous is not None
        and previous.intent != "unknown"
        and (
            bool(re.search(FOLLOW_UP_CUES, text))
            or (intent in ("unknown", "profile_lookup") and not nips and not names)
        )
    )
    if (
        is_follow_up
        and previous is not None
        and intent
        not in (
            "explain_candidate",
            "compare",
        )
    ):
        merged = replace(previous, follow_up=True, notes=found.notes)
        changes = {
            k: v
            for k, v in asdict(found).items()
            if k not in ("intent", "follow_up", "notes") and v not in (None, ())
        }
        if intent == "find_experts" and previous.intent != "find_experts" and found.domains:
            return found
        if {"position", "opd", "position_jenis"} & set(changes):
            changes["position_id"] = None  # other words for the post: resolve them again
        return replace(merged, **changes)
    return found


def ad_hoc_position(words: str) -> tuple[str | None, str | None]:
    """A post named in words that is not in the catalogue, as a name and a jenis ("kepala dinas
    kelautan" -> "Kepala Dinas Kelautan", "JPT"), for ranking it with stated requirements."""
    name, jenis, _ = _position(_normalise(words))
    return name, jenis
