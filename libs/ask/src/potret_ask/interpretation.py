"""What the ranking tools are asked (no I/O): a reading in the shape the console shows as chips
and lets the user correct, and a post that is not in the catalogue read from its words.

`from_reading` turns the reader's `Reading` into an `Interpretation`: the post's catalogue
title (or, for a post not in the catalogue, its name and jenis read from the words), the
items of the last answer pointed at ("yang nomor 2", "dia") as NIPs, one golongan and one
education minimum. The console sends an `Interpretation` back when the user corrects a chip;
the gateway then answers it without reading the question again.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from potret_ask.positions import CatalogueEntry
from potret_ask.reader import Conversation, Reading
from potret_expertise.asked import as_read
from potret_expertise.asked import domains as asked_domains
from potret_expertise.text import abbreviations

# The intents a console user may correct a chip to (what the ranking handlers answer).
CorrectedIntent = Literal[
    "find_experts",
    "best_for_position",
    "profile_lookup",
    "explain_candidate",
    "nine_box",
    "compare",
]
Intent = CorrectedIntent | Literal["unknown"]
# The intents answered by the ranking tools with a post: they take an `Interpretation`.
POSITION_INTENTS = frozenset({"best_for_position", "explain_candidate", "compare"})


@dataclass(frozen=True)
class Interpretation:
    intent: Intent
    domains: tuple[str, ...] = ()
    position: str | None = None  # e.g. "Kepala Dinas Perikanan"
    position_id: str | None = None  # the catalogue entry it names, once resolved
    position_jenis: str | None = None
    opd: str | None = None  # an OPD's name (or the words that name one)
    golongan_min: str | None = None
    education_min: str | None = None
    count: int | None = None
    retire_after_years: int | None = None
    box: int | None = None
    # one axis of the 9-box at a level (1-3) without the other: kinerja 3 is "di atas
    # ekspektasi", the people of boxes 4, 7 and 9 (filters.AXIS_BOXES)
    kinerja: int | None = None
    potensial: int | None = None
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


# Words OPD names write in capitals (Sekretariat DPRD, RSUD Ibnu Sina, Dinas KB ...).
ACRONYMS = frozenset({"dprd", "rsud", "kb", "upt", "uptd", "ptsp", "bpbd", "sd", "smp", "sma"})


def opd_name(words: str | None) -> str | None:
    """An OPD as the records write it: a name already written so stays; lower-case words (a
    corrected chip, "dinas kesehatan") get capitals ("Dinas Kesehatan", "Sekretariat DPRD")."""
    if not words or not words.islower():
        return words or None

    def written(word: str) -> str:
        core = word.strip(",.;")  # "kb," of "dinas kb, pemberdayaan ..."
        return word if word == "dan" else word.upper() if core in ACRONYMS else word.capitalize()

    return " ".join(written(w) for w in words.split())


def search_filters(it: Interpretation) -> list[tuple[str, Any]]:
    """The search service's parameters for a corrected interpretation's filters."""
    params: list[tuple[str, Any]] = []
    if it.golongan_min:
        params.append(("golongan_min", it.golongan_min))
    if it.education_min:
        params.append(("education_min", it.education_min))
    if it.opd:
        params.append(("opd", opd_name(it.opd)))
    if it.retire_after_years is not None:
        params.append(("min_years_to_retirement", it.retire_after_years))
    return params


def entry_title(entry: CatalogueEntry) -> str:
    """'Kepala Subbagian Umum dan Kepegawaian (Dinas Kesehatan)'; 'Camat Manyar' as it is."""
    opd = entry.opd.lower().replace(",", "").split()
    distinctive = set(opd[1:] if len(opd) > 1 else opd)  # "Dinas [Perikanan]"
    if not opd or distinctive <= set(entry.name.lower().replace(",", "").split()):
        return entry.name
    return f"{entry.name} ({entry.opd})"


def from_reading(
    reading: Reading,
    conversation: Conversation,
    entries: Mapping[str, CatalogueEntry],
    answered: Collection[str],
) -> tuple[Interpretation, str | None]:
    """The reading as the ranking tools and the console's chips take it (`answered`: the
    intents an `Interpretation` is answered for; any other becomes "unknown" there); items of
    the last answer ("yang nomor 2", "dia") become their NIPs. A problem text when an item
    pointed at is not in the last answer."""
    pointed, missing = conversation.pointed(reading)
    nips = [*reading.persons, *pointed]
    problem = None
    if missing:
        shown = len(conversation.items)
        problem = (
            f"Jawaban sebelumnya hanya berisi {shown} nama; nomor "
            f"{', '.join(str(n) for n in missing)} tidak ada di sana."
            if shown
            else "Belum ada daftar nama sebelumnya yang bisa dirujuk; sebutkan nama atau NIP-nya."
        )
    entry = entries.get(reading.position_id or "")
    ad_hoc, ad_hoc_jenis = None, None
    if entry is None and reading.unresolved:
        ad_hoc, ad_hoc_jenis = ad_hoc_position(reading.unresolved[0])
    golongan = dict(reading.golongan)
    domains = reading.domains
    post = entry_title(entry) if entry else ad_hoc
    if not domains and post and reading.intent in POSITION_INTENTS:
        # The post's own fields: an ad-hoc post is ranked by them, and when ranking is down
        # the answer falls back to experts in them (marked as such).
        domains = asked_domains(as_read(post))[0]
    it = Interpretation(
        intent=reading.intent if reading.intent in answered else "unknown",  # type: ignore[arg-type]
        domains=domains,
        position=post,
        position_id=reading.position_id,
        position_jenis=entry.jenis if entry else ad_hoc_jenis,
        opd=reading.opd,
        golongan_min=golongan.get("eq") or golongan.get("min"),
        education_min=reading.education[0] if reading.education else None,
        count=reading.top,
        retire_after_years=reading.retire[1]
        if reading.retire and reading.retire[0] == "min_years"
        else None,
        box=reading.box,
        kinerja=reading.axis[1] if reading.axis and reading.axis[0] == "kinerja" else None,
        potensial=reading.axis[1] if reading.axis and reading.axis[0] == "potensial" else None,
        nips=tuple(dict.fromkeys(nips)),
        follow_up=not reading.new_context,
        notes=reading.notes,
    )
    return it, problem


# ---------------------------------------------------------------- a post not in the catalogue

HEADS = {
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
HEAD_JENIS = {
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
# A post's name runs on through "dan" and commas ("Kepala Dinas Pariwisata, Ekonomi Kreatif,
# ... dan Olahraga") and stops at the words that start a filter or another phrase.
_STOP = (
    r"(?=\s+(?:yang|dengan|golongan|gol|minimal|min|maksimal|paling|di atas|ke atas|"
    r"atau|untuk|saja|aja|lulusan|berpendidikan|masih|sebelum|pensiun|"
    r"di\b|dari\b|pada\b|tahun|terbaik|nama|orang)\b|[?.!;]|$)"
)
JF_GRADES = r"ahli\s+(?:pertama|muda|madya|utama)|terampil|mahir|penyelia|pemula"
_GRADE_WORDS = frozenset({"ahli", "terampil", "mahir", "penyelia", "pemula"})
_POST_CUES = frozenset({"untuk", "jadi", "menjadi", "calon", "kandidat", "mengisi", "sebagai"})
_LEAD_WORDS = _POST_CUES | frozenset(
    {"terbaik", "yang", "cocok", "siapa", "paling", "pantas", "layak", "tepat", "orang", "asn"}
    | {"pegawai"}
)


def _expand(words: str) -> str:
    table = abbreviations()
    return " ".join(table.get(w.replace(".", ""), w) for w in words.split())


def ad_hoc_position(words: str) -> tuple[str | None, str | None]:
    """A post named in words that is not in the catalogue, as a name and a jenis ("kepala dinas
    kelautan" -> "Kepala Dinas Kelautan", "JPT"; "penyuluh kehutanan ahli madya" -> JF), for
    ranking it with the requirements the question states. (None, None): no post's head word."""
    text = re.sub(r"\s+", " ", re.sub(r"[“”\"']", " ", words.lower())).strip()
    heads = "|".join(re.escape(h) for h in sorted(HEADS, key=len, reverse=True))
    m = re.search(rf"\b({heads}|ka(?:dis|din)[a-z]+)\b(.*?){_STOP}", text)
    if m is None:
        jf = re.search(rf"((?:[a-z]+\s+){{1,10}}(?:{JF_GRADES}))\b", text)
        if jf is None:
            return None, None
        said = jf.group(1).split()
        cues = [i for i, w in enumerate(said) if w in _LEAD_WORDS]
        post = said[cues[-1] + 1 :] if cues else said
        # "Terampil", "Mahir" ... are also plain words: a post only after a cue ("calon",
        # "untuk", "jadi" ...); "Ahli Madya" and the like are always grades.
        skill_only = not re.search(r"\bahli\s+(?:pertama|muda|madya|utama)$", " ".join(post))
        named_post = bool(cues) and said[cues[-1]] in _POST_CUES
        if post[0] in _GRADE_WORDS or (skill_only and not named_post):
            return None, None
        return re.sub(r"\bDan\b", "dan", " ".join(post).title()), "JF"
    if m.group(1) not in HEADS:  # "kadiskes": the head of a dinas, as one word
        return f"{m.group(1).capitalize()} {_expand(m.group(2).strip()).title()}".strip(), "JPT"
    head = HEADS[m.group(1)]
    rest = _expand(m.group(2).strip())
    name = re.sub(r"\bDan\b", "dan", f"{head} {rest.title()}".strip() if rest else head)
    return name, HEAD_JENIS.get(head)


def ad_hoc_jenjang(it: Interpretation) -> str:
    """The jenjang an ad-hoc post is ranked at: a kabupaten's JPT posts (Kepala Dinas/Badan,
    Inspektur) are JPT pratama (domain reference §4.4); a JF post's jenjang is in its name
    ("Penyuluh Perikanan Ahli Madya"); otherwise none."""
    if it.position_jenis == "JPT":
        return "PRATAMA"
    if it.position_jenis == "JF" and it.position:
        m = re.search(
            r"\b(ahli (?:utama|madya|muda|pertama)|penyelia|mahir|terampil|pemula)\b",
            it.position.lower(),
        )
        return m.group(1).upper().replace(" ", "_") if m else ""
    return ""
